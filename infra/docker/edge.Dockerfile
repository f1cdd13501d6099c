# syntax=docker/dockerfile:1
# The edge: the storefront (web/, React + Vite) served by NGINX on 8080, which also proxies /api to the
# gateway and renders /config.json (RUM settings) from its environment at start-up, using the NGINX
# config template under infra/nginx/templates/ (the same template the local stack renders).
#   docker build -f infra/docker/edge.Dockerfile -t shopfast-edge .
#
# The manifests and build stages are the same instructions as infra/docker/node-service.Dockerfile,
# so BuildKit shares their layers with the service images: one `npm ci` + `npm run build` for all.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | tar -cf - -T - | tar -xf - -C /manifests

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM build AS web
# The storefront's own build script (tsc + vite build), the one its workspace runs in CI.
RUN npm run build --workspace web

# Non-root NGINX (uid 101) that listens on 8080 and renders /etc/nginx/templates/*.template with
# envsubst at start, like the official image.
FROM nginxinc/nginx-unprivileged:1.30-alpine AS runtime
ARG DD_GIT_REPOSITORY_URL=""
ARG DD_GIT_COMMIT_SHA=""
LABEL org.opencontainers.image.source="${DD_GIT_REPOSITORY_URL}" \
      org.opencontainers.image.revision="${DD_GIT_COMMIT_SHA}"
# Only SHOPFAST_* variables are substituted, so NGINX's own $variables in the template survive envsubst.
# shopfast.conf.template is rendered to /etc/nginx/conf.d/shopfast.conf, which nginx.conf includes.
ENV NGINX_ENVSUBST_FILTER="^SHOPFAST_"
RUN rm -f /etc/nginx/conf.d/default.conf
COPY infra/nginx/templates/ /etc/nginx/templates/
COPY --from=web /app/web/dist/ /usr/share/nginx/html/
EXPOSE 8080
