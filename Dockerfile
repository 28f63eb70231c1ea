# faultline engine image: compiled JavaScript on Node 24 (LTS), no dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# the demo loads its SLOs from here (faultline serve --demo)
COPY --from=build /app/examples ./examples
USER node
EXPOSE 8080 4318
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
