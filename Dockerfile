# Bình Đẳng GraphQL API: a production image.
#   docker build -t binh-dang .
#   docker run --env-file .env -p 4000:4000 binh-dang
# Needs an operator's PostgreSQL (DATABASE_URL); the embedded one is for development.

# --- build: all dependencies, the TypeScript compiler, then a production-only copy ----------
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json tsconfig.base.json ./
COPY packages/server/package.json packages/server/
COPY packages/sdk/package.json packages/sdk/
COPY packages/dashboard/package.json packages/dashboard/
RUN pnpm install --frozen-lockfile
COPY packages/server packages/server
COPY packages/sdk packages/sdk
COPY packages/dashboard packages/dashboard
# The dashboard is built on the SDK's compiled modules into packages/server/dist/dashboard.
RUN pnpm exec tsc -b packages/server packages/sdk \
 && node packages/server/scripts/build-explorer.mjs \
 && pnpm --filter @binh-dang/dashboard build
# The server package with its production dependencies only, and what it compiled to.
RUN pnpm --filter @binh-dang/server deploy --prod --legacy /out \
 && rm -rf /out/dist /out/src /out/test \
 && cp -r packages/server/dist /out/dist

# --- run: no compiler, no package manager, not root --------------------------------------
FROM node:20-bookworm-slim
# Without DATABASE_URL the embedded PostgreSQL would keep its files in the container's writable
# layer: for a trial only, never for data that must survive the container.
ENV NODE_ENV=production PORT=4000 EMBEDDED_PG_DIR=/tmp/embedded-postgres
WORKDIR /app
COPY --from=build --chown=root:root /out /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself: it drains (SHUTDOWN_*_SECONDS), then exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
