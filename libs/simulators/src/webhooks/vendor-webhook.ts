/** One webhook delivery as a vendor would send it: the exact body bytes and its headers. */
export interface VendorWebhook {
  body: string;
  headers: Record<string, string>;
  /** The vendor's delivery or event id, which its retries keep. */
  deliveryId: string;
}
