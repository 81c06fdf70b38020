/**
 * OSDI requests as clients send them. The bodies follow the published examples: OSDI 1.1's record
 * signature helper scenario (opensupporter/osdi-docs, record_signature.md, with its helper action
 * fields) and Action Network's (actionnetwork.org/docs/v2/record_signature_helper: a person with
 * names, email and postal addresses, add_tags, action_network:referrer_data, triggers).
 */
import { expect } from "vitest";
import { call, freshIp } from "../helpers";

export const HAL_JSON = "application/hal+json";

/** OSDI 1.1's example, as the spec writes it (its names swapped as in the original), for a given address. */
export function osdiSpecExample(address: string): Record<string, any> {
  return {
    person: {
      identifiers: ["foreign_system:1"],
      family_name: "Edwin",
      given_name: "Labadie",
      additional_name: "Marques",
      origin_system: "OpenSupporter",
      email_addresses: [{ address, primary: true, address_type: "Personal" }],
      postal_addresses: [
        {
          primary: true,
          address_lines: ["935 Ed Lock"],
          locality: "New Dudley",
          region: "MN",
          postal_code: "17678",
          country: "RU",
          address_type: "Home",
          status: "Verified",
        },
      ],
      phone_numbers: [{ primary: true, number: 19876543210, number_type: "Mobile", sms_capable: true }],
      gender: "Male",
    },
    identifiers: ["foreign_system:1"],
    origin_system: "OpenSupporter",
    action_date: "2014-03-18T11:02:15Z",
    comments: "Support our campaign!",
    referrer_data: {
      source: "facebook-101016-mainpage",
      referrer: "jane-doe",
      website: "facebook.com",
      url: "https://facebook.com/posts/12345",
    },
    triggers: { autoresponse: { enabled: true } },
    add_tags: ["volunteer", "donor"],
    add_lists: ["supporters"],
  };
}

/** Action Network's record signature helper example, for a given address. */
export function actionNetworkExample(address: string): Record<string, any> {
  return {
    comments: "Stop doing the thing",
    person: {
      family_name: "Smith",
      given_name: "John",
      postal_addresses: [{ postal_code: "20009" }],
      email_addresses: [{ address }],
      phone_numbers: [{ number: "12024444444" }],
    },
    add_tags: ["volunteer", "member"],
    "action_network:referrer_data": { source: "email-blast", website: "example.com" },
    triggers: { autoresponse: { enabled: true } },
  };
}

export function osdi(path: string, init: RequestInit = {}): Promise<Response> {
  return call(`/osdi/v1${path}`, init);
}

/** POSTs to the record signature helper, from a fresh network unless headers say otherwise. */
export function recordSignature(
  slug: string,
  body: unknown,
  headers: Record<string, string> = {},
  query = "",
): Promise<Response> {
  return osdi(`/petitions/${slug}/signatures${query}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp(), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Asserts a 200 HAL answer and returns its body. */
export async function expectHal(res: Response): Promise<Record<string, any>> {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toBe(HAL_JSON);
  return JSON.parse(text);
}
