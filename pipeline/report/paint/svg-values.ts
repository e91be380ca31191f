import { messages } from '../messages.js';

// Reading attribute values of the SVG subset the report draws; a value outside it is an error.

/** A plain decimal number, as SVG writes one. */
export const numberText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Throws the error for an attribute value the painter does not draw. */
export function refuse(element: string, name: string, value: string): never {
  throw new Error(messages.errors.svgAttribute(element, name, value));
}

/** A number attribute, refused unless it is a plain decimal number. */
export function readNumber(element: string, name: string, value: string): number {
  if (!numberText.test(value)) refuse(element, name, value);
  return Number(value);
}

/** A length in user units: a number, optionally in px (1 px = 1 user unit). */
export function readLength(element: string, name: string, value: string): number {
  return readNumber(element, name, value.endsWith('px') ? value.slice(0, -2) : value);
}
