# syntax=docker/dockerfile:1
# onr — the learner number registry. Multi-stage: the UI is built with every dependency, the image
# that runs carries production dependencies only. docs/DEPLOYMENT.md explains the settings.
#
#   docker build -t onr .
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://… -e ONR_ENVIRONMENT=production … onr
#
# The project's own Node.js comes from the `node` devDependency; in the image the base image's Node.js 24
# runs the server (same major version; Node's own type stripping runs the TypeScript).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: the officials' UI (web/ → web/dist) ------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script is the `node` package's download of its own Node.js binary,
# which the image does not use.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src/domain ./src/domain
COPY web ./web
RUN node scripts/ensure-web-build.ts --force

# --- dependencies: production only ------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime ----------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ONR_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY resources ./resources
COPY src ./src
COPY --from=build /app/web/dist ./web/dist
# The embedded database (DATABASE_URL unset) lives in /data; with PostgreSQL it stays empty.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# Security: never run as root; `node` (uid 1000) comes with the base image.
USER node
EXPOSE 8080
# Ready = the database answers and its schema is current (GET /health/ready). The slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, node itself as the process: SIGTERM from `docker stop` reaches the server, which stops
# gracefully (requests answered, jobs released) within 10 s. `onr worker` runs with the same image:
# CMD ["node", "src/main.ts", "worker"].
CMD ["node", "--max-semi-space-size=64", "src/main.ts", "serve"]
