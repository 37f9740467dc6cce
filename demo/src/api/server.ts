import { createServer } from 'node:http';
import { loadFlags } from '../config/featureFlags';
import { HttpPaymentGateway } from '../payments/gateway';
import { PaymentService } from '../payments/charge';

const flags = loadFlags(process.env.FLAGS_PATH ?? 'flags.json');
const payments = new PaymentService(new HttpPaymentGateway(process.env.GATEWAY_URL ?? 'http://127.0.0.1:9000', flags.gatewayTimeoutMs));

createServer(async (req, res) => {
  if (req.method === 'POST' && req.url === '/charge') {
    const body = JSON.parse(await readBody(req)) as { orderId: string; amountCents: number };
    const result = await payments.charge({ ...body, currency: 'EUR', idempotencyKey: body.orderId });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    return;
  }
  res.writeHead(404).end();
}).listen(8080, '127.0.0.1');

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
