/* global document, location, URLSearchParams */
// The page's script: one module of the SDK, bundled with esbuild; renders the 2023 attainment.
import { createTransport, BinhDangError } from '@binh-dang/sdk';
import { indicators } from '@binh-dang/sdk/indicators';

const result = document.getElementById('result');
const api = new URLSearchParams(location.search).get('api');
indicators(createTransport({ url: api, persistedQueries: true, retries: 0 }))
  .attainment({ year: 2023, localityCode: '51' })
  .then((attainment) => {
    result.textContent = `${attainment.locality.name}: ${attainment.met} of ${attainment.tracked} indicators met in 2023`;
    result.dataset.state = 'done';
  })
  .catch((error) => {
    result.textContent = `${error.name}: ${error.message}`;
    result.dataset.requestId = error instanceof BinhDangError ? (error.requestId ?? '') : '';
    result.dataset.state = 'failed';
  });
