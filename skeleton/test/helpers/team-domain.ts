/**
 * The application tier needs a public domain the team controls, and no preset can know one: tests that
 * build the tier give it this one (the generator's own tests too). It is neither reserved by AWS nor
 * under a top-level domain the DNS root never delegates; no test resolves it.
 */
export const TEAM_DOMAIN = 'dr.northwind-clinics.net';
