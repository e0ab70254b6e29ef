// The baseline: a bare Fastify route returning a constant, with nothing of Gradins around it.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/constant', async () => ({ status: 'ok' }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`bare Fastify listening on ${url} `);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
