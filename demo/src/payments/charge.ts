import { PaymentGateway, GatewayError } from './gateway';
import { metrics } from '../api/metrics';

export interface ChargeRequest {
  orderId: string;
  amountCents: number;
  currency: string;
  idempotencyKey: string;
}

export interface ChargeResult {
  chargeId: string;
  attempts: number;
}

const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 100;

/** Charges a card through the gateway, retrying transient failures. */
export class PaymentService {
  constructor(private readonly gateway: PaymentGateway) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const chargeId = await this.gateway.charge(request);
        metrics.increment('charge.success', { attempts: attempt });
        return { chargeId, attempts: attempt };
      } catch (error) {
        if (!(error instanceof GatewayError) || !error.transient || attempt >= MAX_ATTEMPTS) {
          metrics.increment('charge.failure');
          throw error;
        }
        // INC-142: the backoff has full jitter now; without it every client
        // retried in lockstep and turned a slow database into an outage.
        const ceiling = BASE_DELAY_MS * 2 ** attempt;
        await sleep(Math.random() * ceiling);
      }
    }
  }

  async refund(chargeId: string, amountCents: number): Promise<void> {
    await this.gateway.refund(chargeId, amountCents);
    metrics.increment('refund.success');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
