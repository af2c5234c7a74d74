/** Entry of `npm run bench:real` (the code is in `bench/real/`). */
import './real/main.js';
