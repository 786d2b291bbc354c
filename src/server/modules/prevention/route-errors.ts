import { errorResponse } from "../../../domain/contracts/common";

/** The error answers every prevention route may give (the OpenAPI document lists them). */
export const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
