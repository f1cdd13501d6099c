# syntax=docker/dockerfile:1
# One image recipe for every ShopFast Node service and the gateway; WORKSPACE names the workspace folder:
#   docker build -f infra/docker/node-service.Dockerfile --build-arg WORKSPACE=services/cart -t shopfast-cart .
# (docker-compose.yml passes it for all nine.)
#
# Stages:
#   manifests  every package.json + the lock file, so dependency layers are cached until one changes;
#   build      `npm ci` + `npm run build` of the whole workspace: the SAME two commands CI runs
#              (.ci/run: npm ci, then npm test, whose first step is `npm run build`). It takes no
#              WORKSPACE argument, so its layers are identical for the nine images and built once;
#   dist       picks the compiled output this workspace needs;
#   runtime    slim Node, production dependencies of this workspace only, non-root.
# tests/deploy/dockerfiles.test.ts checks these build commands against package.json and .ci/run.
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

FROM build AS dist
ARG WORKSPACE
# Compiled output (dist/) and package.json of the workspace and of every shared package that has one;
# source-only packages (test-kit) have no dist/ and are not needed at run time.
RUN test -n "${WORKSPACE}" || { echo 'build arg WORKSPACE is required, e.g. services/cart' >&2; exit 1; } \
 && test -f "${WORKSPACE}/dist/main.js" || { echo "${WORKSPACE}/dist/main.js was not built" >&2; exit 1; } \
 && mkdir /out \
 && for dir in packages/* "${WORKSPACE}"; do \
      if [ -d "$dir/dist" ]; then mkdir -p "/out/$dir" && cp -r "$dir/dist" "$dir/package.json" "/out/$dir/"; fi; \
    done

FROM ${NODE_IMAGE} AS runtime
ARG WORKSPACE
# Source code integration: Datadog links stack traces and profiles to this commit of the repository.
ARG DD_GIT_REPOSITORY_URL=""
ARG DD_GIT_COMMIT_SHA=""
ENV NODE_ENV=production \
    DD_GIT_REPOSITORY_URL=${DD_GIT_REPOSITORY_URL} \
    DD_GIT_COMMIT_SHA=${DD_GIT_COMMIT_SHA}
WORKDIR /app
COPY --from=manifests /manifests/ ./
# Production dependencies of this one workspace (and the shared packages it depends on), nothing else.
# --ignore-scripts: the runtime needs no install step (dd-trace's native parts ship prebuilt), and no
# compiler exists in the slim image for optional native extras.
RUN npm ci --omit=dev --workspace="${WORKSPACE}" --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=dist /out/ ./
# The fault definitions (@shopfast/feature-flags' DEFINITIONS_FILE, three folders above its dist/): the gateway
# validates fault values against them, every app takes the faults' off values from them. The runtime state
# (FLAGS_FILE) is not in the image: a volume (docker-compose.yml) or .stack/flags.
COPY --from=build /app/infra/flags/shopfast.flagd.json ./infra/flags/shopfast.flagd.json
WORKDIR /app/${WORKSPACE}
# The official image's unprivileged user; files stay root-owned, so the process cannot rewrite its code.
USER node
# The tracer is loaded by the first line of src/main.ts (`import '@shopfast/tracing/register'`), not by
# a --require flag: docs/decisions/002-tracer-loading-and-span-schema.md. tests/deploy checks that line.
CMD ["node", "dist/main.js"]
