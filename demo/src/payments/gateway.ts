export class GatewayError extends Error {
  constructor(message: string, readonly transient: boolean) {
    super(message);
  }
}

export interface PaymentGateway {
  charge(request: { orderId: string; amountCents: number; currency: string; idempotencyKey: string }): Promise<string>;
  refund(chargeId: string, amountCents: number): Promise<void>;
}

/** The HTTP client for the card processor; every call has a 2 s budget. */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(private readonly baseUrl: string, private readonly timeoutMs = 2000) {}

  async charge(request: { orderId: string; amountCents: number; currency: string; idempotencyKey: string }): Promise<string> {
    const response = await fetch(`${this.baseUrl}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status >= 500) throw new GatewayError(`gateway ${response.status}`, true);
    if (!response.ok) throw new GatewayError(`gateway ${response.status}`, false);
    return ((await response.json()) as { id: string }).id;
  }

  async refund(chargeId: string, amountCents: number): Promise<void> {
    const response = await fetch(`${this.baseUrl}/charges/${chargeId}/refunds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amountCents }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new GatewayError(`refund ${response.status}`, response.status >= 500);
  }
}
