/**
 * GENERATED from docs/openapi.json by openapi-typescript (test/http/openapi.test.ts); do not edit.
 * `npm run openapi` regenerates it. The UI's wire types (types.ts) and examples/typed-client.ts use it.
 */

export interface paths {
    "/oppijanumerorekisteri-service/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database reachability */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oauth2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OAuth2 client credentials: a short-lived access token for a service user
         * @description Form body `grant_type=client_credentials&client_id=…&client_secret=…` (also JSON), or the client id and secret in HTTP Basic. Errors as RFC 6749 §5.2: `{"error": "invalid_request" | "invalid_client" | "unsupported_grant_type", "error_description": …}` (401 with `WWW-Authenticate`); 413 and 429 carry `invalid_request` and `temporarily_unavailable`.
         */
        post: operations["issueToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in (officials): sets the session cookie, returns "who am I" with the CSRF token */
        post: operations["signIn"];
        /** Sign out: ends the session at once and clears the cookie */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I: the caller, its organisations and roles, the validity of each grant */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change the official's own password; the other sessions of the user end */
        put: operations["changeOwnPassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search organisations: the caller's own subtrees (all for the registry keeper) */
        get: operations["listOrganisations"];
        put?: never;
        /** Create an organisation (registry keeper) */
        post: operations["createOrganisation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/organisations/{oid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One organisation with its children */
        get: operations["getOrganisation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename, retype, passivate or reactivate, or move an organisation (registry keeper)
         * @description Moving changes the place of the whole subtree; a grant held above it no longer covers it.
         */
        patch: operations["updateOrganisation"];
        trace?: never;
    };
    "/oppijanumerorekisteri-service/organisations/{oid}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation's officials and service users with their grants (expired and revoked too)
         * @description Users of the organisation and of the organisations below it; grants held in that subtree.
         */
        get: operations["listOrganisationUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/officials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an official; the initial password is in the answer, once */
        post: operations["createOfficial"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/service-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a service user (an API client); the client secret is in the answer, once */
        post: operations["createServiceUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/service-users/{oid}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the client secret: the new one is in the answer, once; the old one and its tokens stop now */
        post: operations["rotateServiceUserSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/users/{oid}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant a role in an organisation for a period
         * @description A main user grants only the roles of GRANTABLE_BY_MAIN_USER, only within its own subtree, only to users of its subtree, never to itself, for at most 366 days. See docs/ACCESS.md.
         */
        post: operations["createGrant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/grants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a grant; it stops counting at once */
        delete: operations["revokeGrant"];
        options?: never;
        head?: never;
        /**
         * Change a grant's validity (extend, shorten, or move one that has not begun)
         * @description The same rules as granting; a revoked grant answers 409.
         */
        patch: operations["updateGrant"];
        trace?: never;
    };
    "/oppijanumerorekisteri-service/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the audit log, newest first (registry keeper)
         * @description Filters combine; `seuraava` is the `ennen` of the next (older) page, null on the last. The search itself is audited (AUDIT_READ with the filter).
         */
        get: operations["searchAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/reports/test-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Test data that reached production, by organisation and actor (registry keeper)
         * @description Refused test hetus and accepted names that look like test data (SPEC §11); hetus are masked.
         */
        get: operations["getTestDataReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/yleistunniste/hae": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Find a person by hetu and names, or create them from the population register */
        post: operations["findOrCreateLearnerNumber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/yleistunniste/hae/{oid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is this OID a learner number; which OIDs are linked to it */
        get: operations["describeOid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/exists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Like hae, but never creates
         * @description 200 with the OID when in the registry; 204 when only the population register knows the person.
         */
        post: operations["checkPersonExists"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a person (the reference's HenkiloCreateDto); answers the new OID as text
         * @description Hetu optional. A hetu that is anyone’s current or former hetu: 400 (fieldErrors code socialsecuritynr.already.exists). With a hetu the population register knows under these names, the person is identified at once from the register’s data; otherwise created unidentified and identified later by the worker. Without a hetu, identified at once when its data is complete (sex, birth date, mother tongue, a nationality) and the duplicate search finds no candidate. Codes are checked against the code lists (GET /koodisto/{name}).
         */
        post: operations["createHenkilo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oppija": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Start a mass import; answers at once with the import id
         * @description The rows are stored and processed in the background; poll …/tuonti={id}/perustiedot. At most 100000 rows and 64 MiB a request (413 beyond). As in the reference, a request with a row that breaks the rules is refused whole: 400 with a field error for each broken row (henkilot[3].henkilo.hetu), nothing stored. With rivivirheet=true (an extension) such a row gets a row error (virhe) in the results instead and the other rows are processed.
         */
        put: operations["startOppijaImport"];
        /**
         * Create one learner (the reference's OppijaCreateDto); answers the new OID as text
         * @description For persons without a Finnish hetu. Attached to the caller’s OPPIJOIDENTUONTI and YLEISTUNNISTE_LUONTI organisations. `yksiloity: true` identifies the person at once unless the duplicate search finds a candidate (then it waits for an official, on the error list). Codes are checked against the code lists (GET /koodisto/{name}).
         */
        post: operations["createOppija"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/yleistunniste": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Start a mass import; answers at once with the import id
         * @description The rows are stored and processed in the background; poll …/tuonti={id}/perustiedot. At most 100000 rows and 64 MiB a request (413 beyond). As in the reference, a request with a row that breaks the rules is refused whole: 400 with a field error for each broken row (henkilot[3].henkilo.hetu), nothing stored. With rivivirheet=true (an extension) such a row gets a row error (virhe) in the results instead and the other rows are processed.
         */
        put: operations["startYleistunnisteImport"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/yleistunniste/tuonti={id}/perustiedot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Progress of an import
         * @description 403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no yleistunniste import with the id.
         */
        get: operations["getYleistunnisteImportProgress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/yleistunniste/tuonti={id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Results of an import: one per row, in the order of the request
         * @description Rows processed so far (all of them once kasitelty is true). 403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no yleistunniste import with the id.
         */
        get: operations["getYleistunnisteImportResults"];
        put?: never;
        /**
         * Resume an import that stopped (idempotent)
         * @description Imports resume by themselves after a crash or restart; this queues one whose processing gave up after repeated failures. A no-op for a finished or running import. 403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no yleistunniste import with the id.
         */
        post: operations["resumeYleistunnisteImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oppija/tuonti={id}/perustiedot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Progress of an import
         * @description 403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no oppija import with the id.
         */
        get: operations["getOppijaImportProgress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oppija/tuonti={id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Results of an import: one per row, in the order of the request
         * @description Rows processed so far (all of them once kasitelty is true). 403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no oppija import with the id.
         */
        get: operations["getOppijaImportResults"];
        put?: never;
        /**
         * Resume an import that stopped (idempotent)
         * @description Imports resume by themselves after a crash or restart; this queues one whose processing gave up after repeated failures. A no-op for a finished or running import. 403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no oppija import with the id.
         */
        post: operations["resumeOppijaImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oppija/muuttuneet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Imported persons of the caller's organisations changed at or after a time, oldest first
         * @description The reference's change feed: its page envelope (page from 1, count ≤ 10000; loop until last), each item the person's OID and its master's data (epoch-ms luotu and muokattu). muokattuJalkeen is optional and compared with >=. A change appears here 5 seconds after it happened, so that a reader polling with the last muokattu it saw never misses a change that committed late. Extension: pass the jatko of a page as jalkeen to page by position, which never skips a row.
         */
        get: operations["listChangedOppijat"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oppija/yhteenveto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Identification summary of the caller's organisations' imported persons
         * @description Counted as the reference counts: identified, linked and passivated persons are successes (onnistuneet); the criteria as for /oppija/muuttuneet.
         */
        get: operations["getOppijaSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/oppija/tuontikooste": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reference's summary of imports: each import with its counts, in a Spring Data page
         * @description The imports of both APIs made for the caller's organisations (OPPIJOIDENTUONTI, YLEISTUNNISTE_LUONTI or TUONTIDATA_READ there or above; the registry keeper: all), newest first by default. successful: rows whose person is identified, linked or passivated; failures: the other rows; inProgress: rows not processed yet. page from 1; the answer's number counts from 0, as Spring Data's.
         */
        get: operations["listImportSummaries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/tuonnit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The imports the caller may open, newest first (the import report of the UI)
         * @description An import is listed when the caller holds its API's right (YLEISTUNNISTE_LUONTI, OPPIJOIDENTUONTI) in one of the importing organisations or above it; the registry keeper sees all.
         */
        get: operations["listImports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/changedSince": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every person changed after a time or a cursor, oldest first (registry-wide feed)
         * @description Start with since=ISO time, then pass the cursor of each answer back. A change appears here 5 seconds after it happened.
         */
        get: operations["listChangedPersons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/duplikaatit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's duplicate candidates, ranked, with the evidence for each
         * @description Candidates outside your organisations are shown with minimal data (rajattu: true). Every returned OID is audited as read.
         */
        get: operations["getDuplicateCandidates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/duplikaatit/haku": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Duplicate candidates for free criteria (before creating a person without a hetu) */
        post: operations["searchDuplicateCandidates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/linkita": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link persons as one: the identified one (or this one) becomes the master
         * @description The slaves become duplicates and passivated; their own slaves move to the master. 409 when two of them are identified, one is linked elsewhere, or a pair is on the do-not-link list.
         */
        post: operations["linkPersons"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/pura-linkitys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlink a duplicate from its master and restore it */
        post: operations["unlinkPerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/ei-duplikaatti": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put a pair on the do-not-link list: they are two different persons */
        post: operations["markNotDuplicate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/ei-duplikaatit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The person's pairs on the do-not-link list: who put them there, when and why
         * @description The OIDs returned are audited as read.
         */
        get: operations["listNotDuplicates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/ei-duplikaatti/{otherOid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take a pair off the do-not-link list (it was put there by mistake) */
        delete: operations["unmarkNotDuplicate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/haku": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search persons by OID, hetu or name
         * @description Registry keeper and REKISTERINPITAJA_READ: everyone; officials with HENKILON_RU: the persons of their organisations. The results are audited as read.
         */
        get: operations["searchPersons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/ilman-hetua": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a person without a Finnish hetu
         * @description Unidentified (HETU_PUUTTUU) until identified by hand; attached to the caller's YLEISTUNNISTE_LUONTI organisations. Check duplicates first (POST /duplikaatit/haku).
         */
        post: operations["createPersonWithoutHetu"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The person page; audited as a read
         * @description A person outside the organisations of your grants answers 404.
         */
        get: operations["getPerson"];
        /**
         * Correct a person's data
         * @description Any of the fields. A new hetu (valid, not another person's: 409) joins kaikkiHetut and queues identification again. Names and hetu of a person identified against the population register cannot be edited (409). A person outside the organisations of your grants answers 404.
         */
        put: operations["updatePerson"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/vtj-vertailu": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The registry's data beside the population register's, as fetched at the failed identification
         * @description vtj is null when there is no snapshot (only a name mismatch keeps one). A person outside the organisations of your grants answers 404.
         */
        get: operations["getRegisterComparison"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/hyvaksy-vtj": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept the population register's data: the person becomes identified against it
         * @description 409: no register data to accept, already identified, the hetu changed since, or passivated. A person outside the organisations of your grants answers 404.
         */
        post: operations["acceptRegisterData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/passivoi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Passivate the person
         * @description 409: already passivated, or the master of linked duplicates. A person outside the organisations of your grants answers 404.
         */
        post: operations["passivatePerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/aktivoi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reactivate a passivated person
         * @description 409: not passivated, or a linked duplicate. A person outside the organisations of your grants answers 404.
         */
        post: operations["reactivatePerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/yksiloi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Identify a person without a hetu by hand
         * @description All fields required, at least one nationality. 409: the person has a hetu, is identified already, or is passivated. A person outside the organisations of your grants answers 404.
         */
        post: operations["identifyManually"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/henkilo/{oid}/muutokset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The person's audit trail, newest first (the creation is the last item)
         * @description A person outside the organisations of your grants answers 404.
         */
        get: operations["getPersonAuditTrail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/virhelista": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Persons officials must handle: not identified, with no hetu or a failed identification
         * @description Persons of the organisations where the caller holds OPPIJOIDENTUONTI, TUONTIDATA_READ or HENKILON_RU, and of their sub-organisations; newest first. Audited as a read.
         */
        get: operations["getErrorList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/virhelista/yhteenveto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Identification counts of the caller's organisations' active persons */
        get: operations["getErrorListSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oppijanumerorekisteri-service/koodisto/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A code list with its names in Finnish, Swedish and English
         * @description Lists: maatjavaltiot2, kieli, kunta, sukupuoli (countries ISO 3166 numeric, languages ISO 639-1 in upper case, municipalities by Statistics Finland's code, sex). Import rows and person data are checked against these lists.
         */
        get: operations["getCodeList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OAuth2 client credentials: a short-lived access token for a service user
         * @description Form body `grant_type=client_credentials&client_id=…&client_secret=…` (also JSON), or the client id and secret in HTTP Basic. Errors as RFC 6749 §5.2: `{"error": "invalid_request" | "invalid_client" | "unsupported_grant_type", "error_description": …}` (401 with `WWW-Authenticate`); 413 and 429 carry `invalid_request` and `temporarily_unavailable`.
         */
        post: operations["issueTokenAtRoot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/kayttooikeus-service/oauth2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OAuth2 client credentials: a short-lived access token for a service user
         * @description Form body `grant_type=client_credentials&client_id=…&client_secret=…` (also JSON), or the client id and secret in HTTP Basic. Errors as RFC 6749 §5.2: `{"error": "invalid_request" | "invalid_client" | "unsupported_grant_type", "error_description": …}` (401 with `WWW-Authenticate`); 413 and 429 carry `invalid_request` and `temporarily_unavailable`.
         */
        post: operations["issueTokenAtReferenceIssuer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (never looks at the database) */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers and every migration is applied; 503 otherwise */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessToken: {
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /** @description seconds */
            expires_in: number;
            /** @description the requested scope, echoed as the reference does */
            scope?: string;
        };
        AuditLogPage: {
            items: {
                id: number;
                /** Format: date-time */
                aika: string;
                toiminto: string;
                tekija: {
                    oid: string | null;
                    nimi: string | null;
                    tyyppi: string | null;
                    organisaatiot: string[];
                };
                ip: string | null;
                requestId: string | null;
                callerId: string | null;
                /** @description the OIDs of the persons (or users) concerned */
                kohteet: string[];
                muutokset?: unknown;
                tiedot?: unknown;
            }[];
            seuraava: string | null;
        };
        CreatedOfficial: {
            oid: string;
            username: string;
            /** @description the initial password; shown only now */
            password: string;
            roles: string[];
        };
        Duplikaatit: {
            items: {
                henkilo: components["schemas"]["DuplikaattiHenkilo"];
                /** @description similarity score */
                pisteet: number;
                perusteet: components["schemas"]["DuplikaattiPeruste"][];
                /** @description the person is not in your organisations: only OID, names, birth date and state are shown */
                rajattu: boolean;
            }[];
        };
        DuplikaattiHaku: {
            etunimet: string;
            sukunimi: string;
            /** @description YYYY-MM-DD */
            syntymaaika?: string;
            /** @enum {string} */
            sukupuoli?: "1" | "2";
            kansalaisuus?: string[];
        };
        /** @description HenkiloSummary of a duplicate candidate */
        DuplikaattiHenkilo: {
            oid: string;
            oppijanumero: string | null;
            /** @description null for a person outside your organisations */
            hetu: string | null;
            etunimet: string;
            kutsumanimi: string | null;
            sukunimi: string;
            /** Format: date */
            syntymaaika: string | null;
            /** @enum {string} */
            tila: "OK" | "HETU_PUUTTUU" | "KESKEN" | "VIRHE";
            passivoitu: boolean;
            duplicate: boolean;
            /** Format: date-time */
            modified: string;
        };
        DuplikaattiPeruste: {
            /** @enum {string} */
            kentta: "etunimet" | "sukunimi" | "syntymaaika" | "sukupuoli" | "kansalaisuus" | "hetu";
            /**
             * @description same, similar, different, or unknown on either side
             * @enum {string}
             */
            tulos: "sama" | "samankaltainen" | "eri" | "puuttuu";
            samankaltaisuus?: number;
            /**
             * @description why similar (docs/API-OFFICIALS.md, Duplicates)
             * @enum {string}
             */
            tarkenne?: "NIMET_RISTIIN" | "ENTINEN_SUKUNIMI" | "OSA_NIMISTA" | "PAIVA_JA_KUUKAUSI_VAIHTUNEET" | "PAIVIA_EROA" | "YKSI_NUMERO_ERI" | "AIEMPI_HETU" | "HETU_KIRJOITUSVIRHE";
            /** @description the comparison in words, with the values (never a hetu) */
            selitys: string;
        };
        EiDuplikaatit: {
            items: {
                /** @description the other person of the pair */
                oid: string;
                /** Format: date-time */
                lisatty: string;
                /** @description the official's OID */
                lisaaja: string | null;
                lisaajaNimi: string | null;
                syy: string | null;
            }[];
        };
        EiDuplikaatti: {
            /** @description the other person */
            oid: string;
            syy?: string;
        };
        /** @description Every error answer has this shape */
        Error: {
            status: number;
            error: string;
            message: string;
            path: string;
            /** Format: date-time */
            timestamp: string;
            requestId: string;
            fieldErrors?: {
                field: string;
                message: string;
                rejectedValue?: unknown;
                /** @description the reference's error code, where it has one */
                code?: string;
            }[];
        };
        Grant: {
            id: number;
            userOid: string;
            role: string;
            organisationOid: string;
            organisationName: string;
            /** Format: date-time */
            validFrom: string;
            /**
             * Format: date-time
             * @description null: open-ended (granted on the command line)
             */
            validUntil: string | null;
            grantedBy: string | null;
            /** Format: date-time */
            grantedAt: string;
            revokedBy: string | null;
            /**
             * Format: date-time
             * @description set once revoked
             */
            revokedAt: string | null;
            /**
             * @description only ACTIVE grants count for anything
             * @enum {string}
             */
            status: "ACTIVE" | "FUTURE" | "EXPIRED" | "REVOKED";
        };
        GrantValidity: {
            /**
             * Format: date-time
             * @description new start; only of a grant that has not begun
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @description new end
             */
            validUntil: string;
        };
        Henkilo: {
            oid: string;
            oppijanumero: string | null;
            hetu: string | null;
            kaikkiHetut: string[];
            etunimet: string;
            kutsumanimi: string | null;
            sukunimi: string;
            entisetSukunimet: string[];
            syntymaaika: string | null;
            sukupuoli: ("1" | "2") | (never | null);
            aidinkieli: string | null;
            asiointikieli: string | null;
            kansalaisuus: string[];
            passinumerot: string[];
            sahkopostit: string[];
            /** @description null for a person with a protection order (but to the registry keeper) */
            kotikunta: string | null;
            turvakielto: boolean;
            kuolinpaiva: string | null;
            yksiloity: boolean;
            yksiloityVTJ: boolean;
            yksilointiYritetty: boolean;
            duplicate: boolean;
            passivoitu: boolean;
            /**
             * @description OK identified; HETU_PUUTTUU no hetu, not identified; KESKEN waiting; VIRHE failed
             * @enum {string}
             */
            tila: "OK" | "HETU_PUUTTUU" | "KESKEN" | "VIRHE";
            yksilointivirhe: components["schemas"]["Yksilointivirhe"] | null;
            master: {
                oid: string;
                oppijanumero: string | null;
            } | null;
            linkitetyt: string[];
            /** @description the person's organisations among those the caller may see */
            organisaatiot: {
                oid: string;
                nimi: string;
                /** Format: date-time */
                lisatty: string;
                /** @description the OID of the user who attached the person */
                lisaaja: string | null;
                /** @description that user's name */
                lisaajaNimi: string | null;
            }[];
            /** Format: date-time */
            created: string;
            /** @description the OID of the user who created the person */
            createdBy: string | null;
            /** @description that user's name */
            createdByName: string | null;
            /** Format: date-time */
            modified: string;
            modifiedBy: string | null;
            modifiedByName: string | null;
        };
        HenkiloCreate: {
            /** @description optional; not anyone’s current or former hetu */
            hetu?: string | null;
            /** @description first names */
            etunimet: string;
            /** @description a first name, or consecutive first names, or a hyphen part of one */
            kutsumanimi: string;
            /** @description surname */
            sukunimi: string;
            aidinkieli?: {
                /** @description code of the kieli list (ISO 639-1), any case */
                kieliKoodi: string;
                /** @description ignored */
                kieliTyyppi?: string | null;
            } | null;
            asiointiKieli?: {
                /** @description code of the kieli list (ISO 639-1), any case */
                kieliKoodi: string;
                /** @description ignored */
                kieliTyyppi?: string | null;
            } | null;
            kansalaisuus?: {
                /** @description code of the maatjavaltiot2 list */
                kansalaisuusKoodi: string;
            }[] | null;
            /** @description birth date; derived from a hetu, YYYY-MM-DD */
            syntymaaika?: string | null;
            /** @description derived from a hetu */
            sukupuoli?: string | null;
            /** @description code of the kunta list */
            kotikunta?: string | null;
            turvakielto?: boolean | null;
            /** @description not with a hetu; without one the person is identified when it can be */
            yksiloity?: boolean | null;
            /** @description passport numbers; blank ones are dropped */
            passinumerot?: (string | null)[] | null;
            yhteystiedotRyhma?: {
                id?: number | null;
                ryhmaKuvaus?: string | null;
                ryhmaAlkuperaTieto: string;
                readOnly?: boolean | null;
                yhteystieto?: {
                    /** @enum {string} */
                    yhteystietoTyyppi: "YHTEYSTIETO_SAHKOPOSTI" | "YHTEYSTIETO_PUHELINNUMERO" | "YHTEYSTIETO_MATKAPUHELINNUMERO" | "YHTEYSTIETO_KATUOSOITE" | "YHTEYSTIETO_KUNTA" | "YHTEYSTIETO_POSTINUMERO" | "YHTEYSTIETO_KAUPUNKI" | "YHTEYSTIETO_MAA";
                    yhteystietoArvo?: string | null;
                }[] | null;
            }[] | null;
            /** @description ignored */
            passivoitu?: boolean | null;
            /** @description ignored */
            oppijanumero?: string | null;
            /** @description ignored */
            eiSuomalaistaHetua?: boolean | null;
            /** @description ignored: only the population register identifies */
            yksiloityVTJ?: boolean | null;
            /** @description ignored */
            yksilointiYritetty?: boolean | null;
            /** @description ignored */
            duplicate?: boolean | null;
            /** @description ignored */
            vtjsynced?: number | string | (never | null);
        };
        HenkiloHaku: {
            items: components["schemas"]["HenkiloSummary"][];
            page: number;
            count: number;
            total: number;
        };
        HenkiloIlmanHetua: {
            etunimet: string;
            kutsumanimi: string;
            sukunimi: string;
            /** @description YYYY-MM-DD */
            syntymaaika: string;
            /** @description "1" male, "2" female */
            sukupuoli: string;
            /** @description ISO 3166 numeric codes; not 246 (a Finnish citizen has a hetu) */
            kansalaisuus: string[];
            aidinkieli?: string;
            passinumero?: string;
            sahkoposti?: string;
        };
        HenkiloMuutos: {
            etunimet?: string;
            kutsumanimi?: string;
            sukunimi?: string;
            /** @description YYYY-MM-DD; must agree with the hetu */
            syntymaaika?: string;
            /** @description "1" male, "2" female; must agree with the hetu */
            sukupuoli?: string;
            aidinkieli?: string;
            /** @description fi, sv or en */
            asiointikieli?: string;
            /** @description ISO 3166 numeric codes */
            kansalaisuus?: string[];
            /** @description a new hetu queues identification again; null removes the hetu (it stays in kaikkiHetut) */
            hetu?: string | null;
            /** @description replaces the list */
            passinumerot?: string[];
            /** @description replaces the list */
            sahkopostit?: string[];
        };
        HenkiloOid: {
            oid: string;
        };
        /** @description A person as the caller knows them */
        HenkiloPerustiedot: {
            /** @description Finnish personal identity code, DDMMYYCZZZQ */
            hetu: string;
            /** @description first names, separated by single spaces */
            etunimet: string;
            /** @description the first name in everyday use */
            kutsumanimi: string;
            /** @description surname */
            sukunimi: string;
        };
        HenkiloSummary: {
            oid: string;
            oppijanumero: string | null;
            hetu: string | null;
            etunimet: string;
            kutsumanimi: string | null;
            sukunimi: string;
            syntymaaika: string | null;
            /**
             * @description OK identified; HETU_PUUTTUU no hetu, not identified; KESKEN waiting; VIRHE failed
             * @enum {string}
             */
            tila: "OK" | "HETU_PUUTTUU" | "KESKEN" | "VIRHE";
            passivoitu: boolean;
            duplicate: boolean;
            /** Format: date-time */
            modified: string;
        };
        HenkilonMuutokset: {
            items: {
                /** Format: date-time */
                aika: string;
                /** @description PERSON_CREATE, PERSON_UPDATE, PERSON_IDENTIFY, PERSON_READ, … */
                toiminto: string;
                tekija: {
                    oid: string | null;
                    nimi: string | null;
                    tyyppi: string | null;
                };
                organisaatiot: string[];
                muutokset?: {
                    [key: string]: {
                        before: unknown;
                        after: unknown;
                    };
                };
            }[];
            page: number;
            count: number;
            total: number;
        };
        /** @description a code with its names, as the reference answers codes (KoodiNimiReadDto) */
        KoodiNimi: {
            koodi: string;
            /** @description names from the code list (null for a code it does not know) */
            nimi: {
                FI: string | null;
                SV: string | null;
                EN: string | null;
            };
        };
        Koodisto: {
            koodi: string;
            nimi: {
                fi: string;
                sv: string;
                en: string;
            };
            /** @description a code no longer given out: the last day it was (still accepted) */
            voimassaLoppuPvm?: string;
        }[];
        LinkityksenPurku: {
            syy?: string;
        };
        LinkityksenPurkuTulos: {
            oid: string;
            /** @description the master it was linked under */
            entinenMaster: string;
            /** @description restored to what it was before the link */
            passivoitu: boolean;
        };
        Linkitys: {
            slaves: string[];
            /** @description why they are the same person */
            syy?: string;
        };
        LinkitysTulos: {
            /** @description the OID whose learner number stays in force */
            master: string;
            oppijanumero: string | null;
            /** @description the master's slaves */
            linkitetyt: string[];
        };
        Login: {
            username: string;
            password: string;
        };
        LuotuHenkilo: {
            oid: string;
        };
        ManuaalinenYksilointi: {
            etunimet: string;
            kutsumanimi: string;
            sukunimi: string;
            /** @description YYYY-MM-DD */
            syntymaaika: string;
            /** @description "1" male, "2" female */
            sukupuoli: string;
            /** @description ISO 639 language code */
            aidinkieli: string;
            /** @description at least one ISO 3166 numeric code */
            kansalaisuus: string[];
        };
        Me: {
            oid: string;
            /** @enum {string} */
            kind: "official" | "service";
            username: string;
            name: string;
            organisation: components["schemas"]["Organisation"];
            /** @description organisations with valid grants now, and the roles held there */
            organisations: {
                oid: string;
                name: string;
                roles: string[];
            }[];
            /** @description grants that are not revoked, with their validity */
            grants: components["schemas"]["Grant"][];
            session?: {
                /**
                 * Format: date-time
                 * @description absolute end
                 */
                expiresAt: string;
                /**
                 * Format: date-time
                 * @description end unless used before
                 */
                idleExpiresAt: string;
            };
            /** @description send it as X-CSRF-Token with every cookie-authenticated write */
            csrfToken?: string;
        };
        MuuttuneetSivu: {
            /** @description page number, from 1 */
            number: number;
            /** @description page size (count) */
            size: number;
            results: components["schemas"]["MuuttunutOppija"][];
            totalElements: number;
            totalPages: number;
            /** @description results on this page */
            numberOfElements: number;
            first: boolean;
            last: boolean;
            /** @description extension: pass as jalkeen to get the rows after this page */
            jatko?: string;
        };
        MuuttunutHenkilo: {
            oid: string;
            /** @description the master of its link group (its own OID when not linked) */
            masterOid: string;
            oppijanumero: string | null;
            passivoitu: boolean;
            /** @description OK | HETU_PUUTTUU | KESKEN | VIRHE */
            yksilointiTila: string;
            /** @description time of the change, ISO 8601 with microseconds */
            muokattu: string;
        };
        MuuttunutOppija: {
            oid: string;
            master: components["schemas"]["Oppija"];
        };
        NewGrant: {
            /**
             * @description a role (SPEC §11)
             * @enum {string}
             */
            role: "YLEISTUNNISTE_LUONTI" | "OPPIJOIDENTUONTI" | "HENKILON_RU" | "MANUAALINEN_YKSILOINTI" | "DUPLIKAATTINAKYMA" | "VTJ_VERTAILUNAKYMA" | "TUONTIDATA_READ" | "VASTUUKAYTTAJA" | "REKISTERINPITAJA_READ" | "REKISTERINPITAJA";
            /** @description an organisation OID */
            organisationOid: string;
            /**
             * Format: date-time
             * @description start (default now; a start in the past means now)
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @description end (default a year after the start)
             */
            validUntil?: string;
        };
        NewOfficial: {
            username: string;
            name: string;
            /** @description an organisation OID */
            organisationOid: string;
            /** @description initial roles in the home organisation */
            roles?: ("YLEISTUNNISTE_LUONTI" | "OPPIJOIDENTUONTI" | "HENKILON_RU" | "MANUAALINEN_YKSILOINTI" | "DUPLIKAATTINAKYMA" | "VTJ_VERTAILUNAKYMA" | "TUONTIDATA_READ" | "VASTUUKAYTTAJA" | "REKISTERINPITAJA_READ" | "REKISTERINPITAJA")[];
            /**
             * Format: date-time
             * @description end of the initial grants (default: a year from now)
             */
            validUntil?: string;
        };
        NewOrganisation: {
            name: string;
            /**
             * @description organisation type
             * @enum {string}
             */
            type?: "koulutustoimija" | "oppilaitos" | "toimipiste" | "muu";
            /** @description an organisation OID */
            parentOid?: string;
        };
        NewServiceUser: {
            /** @description name of the system */
            name: string;
            /** @description an organisation OID */
            organisationOid: string;
            clientId?: string;
            /** @description initial roles in the home organisation */
            roles?: ("YLEISTUNNISTE_LUONTI" | "OPPIJOIDENTUONTI" | "HENKILON_RU" | "MANUAALINEN_YKSILOINTI" | "DUPLIKAATTINAKYMA" | "VTJ_VERTAILUNAKYMA" | "TUONTIDATA_READ" | "VASTUUKAYTTAJA" | "REKISTERINPITAJA_READ" | "REKISTERINPITAJA")[];
            /**
             * Format: date-time
             * @description end of the initial grants (default: a year from now)
             */
            validUntil?: string;
        };
        /** @description not ready: the error shape, with what failed */
        NotReady: {
            status: number;
            error: string;
            message: string;
            path: string;
            /** Format: date-time */
            timestamp: string;
            requestId: string;
            fieldErrors?: {
                field: string;
                message: string;
                rejectedValue?: unknown;
                /** @description the reference's error code, where it has one */
                code?: string;
            }[];
            checks: {
                /** @enum {string} */
                database: "ok" | "unavailable";
                /** @enum {string} */
                migrations: "ok" | "pending" | "unknown";
                /** @description migrations the database lacks */
                pending: string[];
            };
        };
        OAuthError: {
            /** @description RFC 6749 §5.2 code: invalid_request, invalid_client, unsupported_grant_type, … */
            error: string;
            error_description: string;
            status: number;
            path: string;
            /** Format: date-time */
            timestamp: string;
            requestId: string;
        };
        /** @description the person as the reference's OppijaReadDto */
        Oppija: {
            oid: string;
            /** @description learner number (its master’s for a linked duplicate); null until the person is identified */
            oppijanumero: string | null;
            /** @description created, epoch milliseconds */
            luotu: number;
            /** @description last modified, epoch milliseconds */
            muokattu: number;
            hetu: string | null;
            etunimet: string;
            kutsumanimi: string | null;
            sukunimi: string;
            /**
             * Format: date
             * @description YYYY-MM-DD
             */
            syntymaaika: string | null;
            sukupuoli: components["schemas"]["KoodiNimi"] | null;
            aidinkieli: components["schemas"]["KoodiNimi"] | null;
            kansalaisuus: components["schemas"]["KoodiNimi"][];
            /** @description home municipality; null under a protection order */
            kotikunta: components["schemas"]["KoodiNimi"] | (never | null);
            /** @description contact data groups (onr keeps none: []) */
            yhteystiedotRyhma: unknown[];
            passivoitu: boolean;
            /** @description the other OIDs of its link group (master and duplicates); [] when not linked */
            linked: string[];
        };
        OppijaCreate: {
            /** @description first names */
            etunimet: string;
            /** @description a first name, or consecutive first names, or a hyphen part of one */
            kutsumanimi: string;
            /** @description surname */
            sukunimi: string;
            /** @description true: identified at once, unless the duplicate search finds candidates (then an official decides) */
            yksiloity?: boolean | null;
            /** @description birth date, YYYY-MM-DD */
            syntymaaika: string;
            /** @description code of the sukupuoli list: "1" male, "2" female */
            sukupuoli: string;
            aidinkieli?: {
                /** @description code of the kieli list (ISO 639-1), any case */
                kieliKoodi: string;
                /** @description ignored */
                kieliTyyppi?: string | null;
            } | null;
            kansalaisuus: {
                /** @description code of the maatjavaltiot2 list */
                kansalaisuusKoodi: string;
            }[];
            /** @description passport numbers; blank ones are dropped */
            passinumerot?: (string | null)[] | null;
            yhteystiedotRyhma?: {
                id?: number | null;
                ryhmaKuvaus?: string | null;
                ryhmaAlkuperaTieto: string;
                readOnly?: boolean | null;
                yhteystieto?: {
                    /** @enum {string} */
                    yhteystietoTyyppi: "YHTEYSTIETO_SAHKOPOSTI" | "YHTEYSTIETO_PUHELINNUMERO" | "YHTEYSTIETO_MATKAPUHELINNUMERO" | "YHTEYSTIETO_KATUOSOITE" | "YHTEYSTIETO_KUNTA" | "YHTEYSTIETO_POSTINUMERO" | "YHTEYSTIETO_KAUPUNKI" | "YHTEYSTIETO_MAA";
                    yhteystietoArvo?: string | null;
                }[] | null;
            }[] | null;
        };
        OppijaTulokset: {
            /** @description import id */
            id: number;
            /** @description rows in the import */
            kasiteltavia: number;
            /** @description rows processed so far (exact) */
            kasiteltyja: number;
            /** @description true when every row is processed */
            kasitelty: boolean;
            henkilot: components["schemas"]["OppijaTulosRivi"][];
        };
        /** @description One per request row, in the order of the request */
        OppijaTulosRivi: {
            tunniste?: string | null;
            henkilo?: components["schemas"]["Oppija"];
            /** @description true: an existing person with other names; nothing of it was changed */
            conflict?: boolean;
            /** @description row-error mode only (rivivirheet=true): the row was rejected (no henkilo); the field and the reason */
            virhe?: {
                /** @description e.g. henkilo.hetu */
                field: string;
                message: string;
            };
        };
        OppijaTuonti: {
            /** @description notification address: one mail when the finished import has rows to handle; when present, an e-mail address */
            sahkoposti?: string | null;
            henkilot: components["schemas"]["OppijaTuontiRivi"][];
        };
        /** @description At least one of oid, hetu, passinumero, sahkoposti; etunimet, kutsumanimi, sukunimi and kansalaisuus required; codes from the code lists (GET /koodisto/{name}). */
        OppijaTuontiRivi: {
            /** @description the source system's identifier of the row; echoed in the results */
            tunniste?: string | null;
            henkilo: {
                /** @description person OID, if the source system knows it (one that matches nobody falls through) */
                oid?: string | null;
                /** @description Finnish personal identity code; required of Finnish citizens (kansalaisuus 246) */
                hetu?: string | null;
                /** @description passport number */
                passinumero?: string | null;
                /** @description e-mail address identifying the person */
                sahkoposti?: string | null;
                /** @description first names (required) */
                etunimet?: string | null;
                /** @description the name in everyday use (required) */
                kutsumanimi?: string | null;
                /** @description surname (required) */
                sukunimi?: string | null;
                /** @description YYYY-MM-DD (a valid hetu overrides it) */
                syntymaaika?: string | null;
                sukupuoli?: (string | {
                    koodi: string;
                }) | (never | null);
                aidinkieli?: (string | {
                    koodi: string;
                }) | (never | null);
                /** @description nationalities (required, at least one) */
                kansalaisuus?: (string | {
                    koodi: string;
                })[] | null;
            };
        };
        OppijaTuontiYhteenveto: {
            /** @description identified, or linked, or passivated */
            onnistuneet: number;
            /** @description not identified: identification failed, or no hetu */
            virheet: number;
            /** @description a hetu, identification not attempted yet */
            keskeneraiset: number;
            yhteensa: number;
        };
        Organisation: {
            oid: string;
            name: string;
            type: string;
            /** @description passive organisations get no new users or grants */
            active: boolean;
            parentOid: string | null;
            /** @description OIDs from the root down to this organisation */
            path: string[];
        };
        OrganisationChanges: {
            name?: string;
            /**
             * @description organisation type
             * @enum {string}
             */
            type?: "koulutustoimija" | "oppilaitos" | "toimipiste" | "muu";
            active?: boolean;
            /** @description an organisation OID */
            parentOid?: string;
        };
        OrganisationList: {
            organisations: components["schemas"]["Organisation"][];
            total: number;
            page: number;
            pageSize: number;
        };
        OrganisationWithChildren: {
            oid: string;
            name: string;
            type: string;
            active: boolean;
            parentOid: string | null;
            path: string[];
            children: components["schemas"]["Organisation"][];
        };
        PasswordChange: {
            currentPassword: string;
            newPassword: string;
        };
        /** @description ready to serve: the database answers and its schema is current */
        Ready: {
            /** @enum {string} */
            status: "ok";
            checks: {
                /** @enum {string} */
                database: "ok" | "unavailable";
                /** @enum {string} */
                migrations: "ok" | "pending" | "unknown";
                /** @description migrations the database lacks */
                pending: string[];
            };
        };
        RekisterinMuutokset: {
            results: components["schemas"]["MuuttunutHenkilo"][];
            /** @description pass it back to continue after the last result (also when empty) */
            cursor: string;
        };
        ServiceUserSecret: {
            oid: string;
            clientId: string;
            /** @description shown only now; only its hash is stored */
            clientSecret: string;
            roles?: string[];
        };
        TestDataReport: {
            organisations: {
                organisationOid: string | null;
                organisationName: string | null;
                count: number;
                /** Format: date-time */
                latest: string;
                actors: {
                    actorOid: string | null;
                    actorName: string | null;
                    count: number;
                    testHetus: number;
                    testNames: number;
                    /** Format: date-time */
                    latest: string;
                }[];
            }[];
            entries: {
                id: number;
                /** Format: date-time */
                occurredAt: string;
                /**
                 * @description TEST_HETU: refused test hetu; TEST_NAME: accepted, but the names look like test data
                 * @enum {string}
                 */
                reason: "TEST_HETU" | "TEST_NAME";
                organisationOid: string | null;
                organisationName: string | null;
                actorOid: string | null;
                actorName: string | null;
                endpoint: string;
                maskedHetu: string | null;
                names: string | null;
                requestId: string | null;
            }[];
            total: number;
            page: number;
            pageSize: number;
        };
        TokenRequest: {
            grant_type?: string;
            client_id?: string;
            client_secret?: string;
            /** @description accepted and ignored (the reference uses "oauth2") */
            scope?: string;
        };
        TuontiKooste: {
            content: {
                id: number;
                /** @description the sender (service user or official) */
                oid: string | null;
                /** @description the sender’s name */
                author: string | null;
                /** @description accepted, epoch milliseconds */
                timestamp: number;
                total: number;
                /** @description rows not processed yet */
                inProgress: number;
                /** @description rows whose person is identified, linked or passivated */
                successful: number;
                /** @description total − successful */
                failures: number;
                conflicts: number;
                /** @enum {string} */
                api: "OPPIJA" | "YLEISTUNNISTE";
            }[];
            pageable: {
                sort: {
                    sorted: boolean;
                    unsorted: boolean;
                    empty: boolean;
                };
                pageNumber: number;
                pageSize: number;
                offset: number;
                paged: boolean;
                unpaged: boolean;
            };
            totalPages: number;
            totalElements: number;
            last: boolean;
            numberOfElements: number;
            sort: {
                sorted: boolean;
                unsorted: boolean;
                empty: boolean;
            };
            size: number;
            /** @description page number from 0, as Spring Data counts */
            number: number;
            first: boolean;
            empty: boolean;
        };
        TuontiLista: {
            items: components["schemas"]["TuontiListanRivi"][];
            page: number;
            count: number;
            /** @description imports visible to the caller */
            total: number;
        };
        TuontiListanRivi: {
            id: number;
            /** @enum {string} */
            api: "yleistunniste" | "oppija";
            /**
             * Format: date-time
             * @description when the import was accepted
             */
            luotu: string;
            /** @description the service user or official who sent it */
            tekija: {
                oid: string | null;
                nimi: string | null;
            };
            /** @description the importing organisations */
            organisaatiot: string[];
            kasiteltavia: number;
            kasiteltyja: number;
            kasitelty: boolean;
            /** @description rows rejected */
            virheita: number;
            /** @description rows that found a person with other names */
            konflikteja: number;
        };
        TuontiPerustiedot: {
            /** @description import id */
            id: number;
            /** @description rows in the import */
            kasiteltavia: number;
            /** @description rows processed so far (exact) */
            kasiteltyja: number;
            /** @description true when every row is processed */
            kasitelty: boolean;
        };
        User: {
            oid: string;
            kind: string;
            /** @description login name of an official, client id of a service user */
            username: string;
            name: string;
            organisationOid: string;
            organisationName: string;
            active: boolean;
            /** @description locked after repeated failed logins; opens by itself */
            locked: boolean;
            /** @description a service user without a token for over a year has no rights */
            dormant: boolean;
            /**
             * Format: date-time
             * @description last login or token
             */
            lastLoginAt: string | null;
            /** Format: date-time */
            createdAt: string;
            grants: components["schemas"]["Grant"][];
        };
        UserList: {
            users: components["schemas"]["User"][];
            page: number;
            pageSize: number;
        };
        Virhelista: {
            items: components["schemas"]["VirhelistaRivi"][];
            page: number;
            count: number;
            total: number;
        };
        VirhelistaRivi: {
            oid: string;
            oppijanumero: string | null;
            hetu: string | null;
            etunimet: string;
            kutsumanimi: string | null;
            sukunimi: string;
            syntymaaika: string | null;
            /**
             * @description OK identified; HETU_PUUTTUU no hetu, not identified; KESKEN waiting; VIRHE failed
             * @enum {string}
             */
            tila: "OK" | "HETU_PUUTTUU" | "KESKEN" | "VIRHE";
            passivoitu: boolean;
            duplicate: boolean;
            /** Format: date-time */
            modified: string;
            /**
             * @description why the person is listed
             * @enum {string}
             */
            syy: "HETU_PUUTTUU" | "HETU_EI_VTJ" | "HETU_PASSIVOITU" | "HETU_EI_OIKEA" | "NIMET_EIVAT_TASMAA";
            /**
             * Format: date-time
             * @description when the person came to the organisation
             */
            tuotu: string;
            /** @description the service user or official that brought the person (an import, a lookup) */
            tuoja: {
                oid: string | null;
                nimi: string | null;
            };
            organisaatio: {
                oid: string;
                nimi: string;
            };
        };
        VirhelistaYhteenveto: {
            /** @description identified */
            onnistuneet: number;
            /** @description on the error list */
            virheet: number;
            /** @description waiting for identification */
            keskeneraiset: number;
            yhteensa: number;
        };
        VtjVertailu: {
            rekisteri: {
                etunimet: unknown;
                kutsumanimi: unknown;
                sukunimi: unknown;
                syntymaaika: unknown;
                sukupuoli: unknown;
                aidinkieli: unknown;
                kansalaisuus: unknown;
                kotikunta: unknown;
                turvakielto: unknown;
            };
            vtj: {
                etunimet: unknown;
                kutsumanimi: unknown;
                sukunimi: unknown;
                syntymaaika: unknown;
                sukupuoli: unknown;
                aidinkieli: unknown;
                kansalaisuus: unknown;
                kotikunta: unknown;
                turvakielto: unknown;
                entisetSukunimet: unknown;
                kuolinpaiva: unknown;
            } | null;
            /**
             * Format: date-time
             * @description when the register was asked
             */
            haettu: string | null;
            /** @description the fields that differ */
            erot: string[];
        };
        Yksilointivirhe: {
            /**
             * @description VTJ_EI_VASTAA: the register did not answer; retried automatically (seuraavaYritys)
             * @enum {string}
             */
            syy: "HETU_EI_VTJ" | "HETU_PASSIVOITU" | "HETU_EI_OIKEA" | "NIMET_EIVAT_TASMAA" | "VTJ_EI_VASTAA";
            /** Format: date-time */
            aika: string;
            yrityksia: number;
            /** Format: date-time */
            seuraavaYritys: string | null;
            /** @description HETU_PASSIVOITU: the current hetu the register named, if it did */
            aktiivinenHetu?: string;
        };
        Yleistunniste: {
            /** @description the person OID */
            oid: string;
            /** @description learner number; null until the person is identified */
            oppijanumero: string | null;
        };
        YleistunnisteOid: {
            oid: string;
            oppijanumero: string | null;
            passivoitu: boolean;
            /** @description the other OIDs linked to the same person (master and duplicates); [] when none */
            linked: string[];
        };
        YleistunnisteTulokset: {
            /** @description import id */
            id: number;
            /** @description rows in the import */
            kasiteltavia: number;
            /** @description rows processed so far (exact) */
            kasiteltyja: number;
            /** @description true when every row is processed */
            kasitelty: boolean;
            henkilot: components["schemas"]["YleistunnisteTulosRivi"][];
        };
        /** @description One per request row, in the order of the request */
        YleistunnisteTulosRivi: {
            tunniste?: string | null;
            henkilo?: {
                /** @description the person the row resolved to */
                oid: string;
                /** @description learner number (its master’s for a linked duplicate); null until the person is identified */
                oppijanumero: string | null;
                passivoitu: boolean;
                /** @description the other OIDs of its link group (master and duplicates); [] when not linked */
                linked: string[];
            };
            /** @description true: an existing person with other names; nothing of it was changed */
            conflict?: boolean;
            /** @description row-error mode only (rivivirheet=true): the row was rejected (no henkilo); the field and the reason */
            virhe?: {
                /** @description e.g. henkilo.hetu */
                field: string;
                message: string;
            };
        };
        YleistunnisteTuonti: {
            /** @description notification address: one mail when the finished import has rows to handle; when present, an e-mail address */
            sahkoposti?: string | null;
            henkilot: components["schemas"]["YleistunnisteTuontiRivi"][];
        };
        /** @description A lookup body with a tunniste: hetu, etunimet, kutsumanimi, sukunimi required; names are runs of visible characters separated by single spaces. */
        YleistunnisteTuontiRivi: {
            /** @description the source system's identifier of the row (required); echoed in the results */
            tunniste?: string | null;
            henkilo: {
                /** @description Finnish personal identity code (required) */
                hetu?: string | null;
                /** @description first names (required) */
                etunimet?: string | null;
                /** @description the name in everyday use (required) */
                kutsumanimi?: string | null;
                /** @description surname (required) */
                sukunimi?: string | null;
            };
        };
    };
    responses: {
        /** @description Invalid input; the error names each bad field */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not authenticated: no, an expired or an invalid token or session */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is too large */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Unsupported content type */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests: try again after `Retry-After` seconds */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Authenticated, but the caller lacks the right for this operation or person */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not found */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Conflict with the current state (the message says which) */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Temporarily unavailable (the database or the population register); retry later */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    issueToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "koulu-sis",
                 *       "client_secret": "k8Q…"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "koulu-sis",
                 *       "client_secret": "k8Q…"
                 *     }
                 */
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxLjIuMjQ2LjU2Mi4yNC4…",
                     *       "token_type": "Bearer",
                     *       "expires_in": 3600
                     *     }
                     */
                    "application/json": components["schemas"]["AccessToken"];
                };
            };
            /** @description `invalid_request` or `unsupported_grant_type` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `invalid_client`: unknown client, wrong secret, or no client authentication */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `invalid_request`: the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `temporarily_unavailable`: too many token requests; try again after `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    changeOwnPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listOrganisations: {
        parameters: {
            query?: {
                /** @description part of the name, or the OID */
                q?: string;
                /** @description organisation type */
                type?: "koulutustoimija" | "oppilaitos" | "toimipiste" | "muu";
                includePassive?: boolean;
                /** @description page number from 1 (default 1) */
                page?: number;
                /** @description rows a page (default 100, at most 500) */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    createOrganisation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewOrganisation"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getOrganisation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an organisation OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationWithChildren"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateOrganisation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an organisation OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganisationChanges"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listOrganisationUsers: {
        parameters: {
            query?: {
                kind?: "official" | "service";
                /** @description page number from 1 (default 1) */
                page?: number;
                /** @description rows a page (default 100, at most 500) */
                pageSize?: number;
            };
            header?: never;
            path: {
                /** @description an organisation OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    createOfficial: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewOfficial"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedOfficial"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    createServiceUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewServiceUser"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceUserSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    rotateServiceUserSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceUserSecret"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    createGrant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewGrant"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Grant"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    revokeGrant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Grant"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    updateGrant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantValidity"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Grant"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    searchAuditLog: {
        parameters: {
            query?: {
                /** @description records naming this person (OID) */
                henkilo?: string;
                /** @description records of this actor (user OID) */
                tekija?: string;
                /** @description the operation */
                toiminto?: "PERSON_CREATE" | "PERSON_READ" | "PERSON_UPDATE" | "PERSON_IDENTIFY" | "PERSON_PASSIVATE" | "PERSON_REACTIVATE" | "PERSON_LINK" | "PERSON_UNLINK" | "PERSON_NOT_DUPLICATE" | "PERSON_NOT_DUPLICATE_REMOVE" | "IMPORT_CREATE" | "IMPORT_READ" | "ORGANISATION_CREATE" | "ORGANISATION_UPDATE" | "USER_CREATE" | "SECRET_ROTATE" | "GRANT_CREATE" | "GRANT_REVOKE" | "GRANT_UPDATE" | "LOGIN" | "LOGIN_FAILED" | "LOGOUT" | "TOKEN_ISSUE" | "AUDIT_READ" | "REPORT_READ";
                /** @description from this time on */
                alkaen?: string;
                /** @description before this time */
                asti?: string;
                /** @description paging: records older than this id */
                ennen?: number;
                /** @description how many (1–200, default 50) */
                maara?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getTestDataReport: {
        parameters: {
            query?: {
                /** @description and below */
                organisationOid?: string;
                since?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestDataReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    findOrCreateLearnerNumber: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A person as the caller knows them */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "hetu": "010866-9260",
                 *       "etunimet": "Maija Liisa",
                 *       "kutsumanimi": "Maija",
                 *       "sukunimi": "Meikäläinen"
                 *     }
                 */
                "application/json": components["schemas"]["HenkiloPerustiedot"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "oid": "1.2.246.562.24.14857097582",
                     *       "oppijanumero": "1.2.246.562.24.14857097582"
                     *     }
                     */
                    "application/json": components["schemas"]["Yleistunniste"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    describeOid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "oid": "1.2.246.562.24.31755209646",
                     *       "oppijanumero": "1.2.246.562.24.14857097582",
                     *       "passivoitu": true,
                     *       "linked": [
                     *         "1.2.246.562.24.14857097582"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["YleistunnisteOid"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    checkPersonExists: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A person as the caller knows them */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "hetu": "010866-9260",
                 *       "etunimet": "Maija Liisa",
                 *       "kutsumanimi": "Maija",
                 *       "sukunimi": "Meikäläinen"
                 *     }
                 */
                "application/json": components["schemas"]["HenkiloPerustiedot"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "oid": "1.2.246.562.24.14857097582"
                     *     }
                     */
                    "application/json": components["schemas"]["HenkiloOid"];
                };
            };
            /** @description only in the population register */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createHenkilo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HenkiloCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    startOppijaImport: {
        parameters: {
            query?: {
                /** @description true: the row-error mode of onr (an extension): a row that breaks the rules gets a row error (virhe) in the results and the other rows are processed. Default false: as the reference, any broken row refuses the whole request with 400 naming each broken row (henkilot[3].henkilo.hetu) and nothing is stored. */
                rivivirheet?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "henkilot": [
                 *         {
                 *           "tunniste": "rivi-1",
                 *           "henkilo": {
                 *             "hetu": "010866-9260",
                 *             "etunimet": "Maija Liisa",
                 *             "kutsumanimi": "Maija",
                 *             "sukunimi": "Meikäläinen",
                 *             "sukupuoli": {
                 *               "koodi": "2"
                 *             },
                 *             "aidinkieli": {
                 *               "koodi": "fi"
                 *             },
                 *             "kansalaisuus": [
                 *               {
                 *                 "koodi": "246"
                 *               }
                 *             ]
                 *           }
                 *         },
                 *         {
                 *           "tunniste": "rivi-2",
                 *           "henkilo": {
                 *             "passinumero": "XP1234567",
                 *             "etunimet": "Ana",
                 *             "kutsumanimi": "Ana",
                 *             "sukunimi": "Ejemplo",
                 *             "syntymaaika": "2004-03-15",
                 *             "sukupuoli": {
                 *               "koodi": "2"
                 *             },
                 *             "aidinkieli": {
                 *               "koodi": "es"
                 *             },
                 *             "kansalaisuus": [
                 *               {
                 *                 "koodi": "724"
                 *               }
                 *             ]
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["OppijaTuonti"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 4711,
                     *       "kasiteltavia": 2,
                     *       "kasiteltyja": 0,
                     *       "kasitelty": false
                     *     }
                     */
                    "application/json": components["schemas"]["TuontiPerustiedot"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOppija: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OppijaCreate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    startYleistunnisteImport: {
        parameters: {
            query?: {
                /** @description true: the row-error mode of onr (an extension): a row that breaks the rules gets a row error (virhe) in the results and the other rows are processed. Default false: as the reference, any broken row refuses the whole request with 400 naming each broken row (henkilot[3].henkilo.hetu) and nothing is stored. */
                rivivirheet?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "sahkoposti": "tuonnit@koulu.example",
                 *       "henkilot": [
                 *         {
                 *           "tunniste": "rivi-1",
                 *           "henkilo": {
                 *             "hetu": "010866-9260",
                 *             "etunimet": "Maija Liisa",
                 *             "kutsumanimi": "Maija",
                 *             "sukunimi": "Meikäläinen"
                 *           }
                 *         },
                 *         {
                 *           "tunniste": "rivi-2",
                 *           "henkilo": {
                 *             "hetu": "240795-953C",
                 *             "etunimet": "Erkki",
                 *             "kutsumanimi": "Erkki",
                 *             "sukunimi": "Esimerkki"
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["YleistunnisteTuonti"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 4711,
                     *       "kasiteltavia": 2,
                     *       "kasiteltyja": 0,
                     *       "kasitelty": false
                     *     }
                     */
                    "application/json": components["schemas"]["TuontiPerustiedot"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getYleistunnisteImportProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TuontiPerustiedot"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getYleistunnisteImportResults: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 4711,
                     *       "kasiteltavia": 2,
                     *       "kasiteltyja": 2,
                     *       "kasitelty": true,
                     *       "henkilot": [
                     *         {
                     *           "tunniste": "rivi-1",
                     *           "henkilo": {
                     *             "oid": "1.2.246.562.24.14857097582",
                     *             "oppijanumero": "1.2.246.562.24.14857097582",
                     *             "passivoitu": false,
                     *             "linked": []
                     *           }
                     *         },
                     *         {
                     *           "tunniste": "rivi-2",
                     *           "henkilo": {
                     *             "oid": "1.2.246.562.24.20938145761",
                     *             "oppijanumero": null,
                     *             "passivoitu": false,
                     *             "linked": []
                     *           },
                     *           "conflict": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["YleistunnisteTulokset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    resumeYleistunnisteImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TuontiPerustiedot"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getOppijaImportProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TuontiPerustiedot"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getOppijaImportResults: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 4711,
                     *       "kasiteltavia": 1,
                     *       "kasiteltyja": 1,
                     *       "kasitelty": true,
                     *       "henkilot": [
                     *         {
                     *           "tunniste": "rivi-1",
                     *           "henkilo": {
                     *             "oid": "1.2.246.562.24.14857097582",
                     *             "oppijanumero": "1.2.246.562.24.14857097582",
                     *             "luotu": 1788336000000,
                     *             "muokattu": 1788339600000,
                     *             "hetu": "010866-9260",
                     *             "etunimet": "Maija Liisa",
                     *             "kutsumanimi": "Maija",
                     *             "sukunimi": "Meikäläinen",
                     *             "syntymaaika": "1966-08-01",
                     *             "sukupuoli": {
                     *               "koodi": "2",
                     *               "nimi": {
                     *                 "FI": "nainen",
                     *                 "SV": "kvinna",
                     *                 "EN": "female"
                     *               }
                     *             },
                     *             "aidinkieli": {
                     *               "koodi": "fi",
                     *               "nimi": {
                     *                 "FI": "suomi",
                     *                 "SV": "finska",
                     *                 "EN": "Finnish"
                     *               }
                     *             },
                     *             "kansalaisuus": [
                     *               {
                     *                 "koodi": "246",
                     *                 "nimi": {
                     *                   "FI": "Suomi",
                     *                   "SV": "Finland",
                     *                   "EN": "Finland"
                     *                 }
                     *               }
                     *             ],
                     *             "kotikunta": {
                     *               "koodi": "091",
                     *               "nimi": {
                     *                 "FI": "Helsinki",
                     *                 "SV": "Helsingfors",
                     *                 "EN": "Helsinki"
                     *               }
                     *             },
                     *             "yhteystiedotRyhma": [],
                     *             "passivoitu": false,
                     *             "linked": [
                     *               "1.2.246.562.24.31755209646"
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["OppijaTulokset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    resumeOppijaImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TuontiPerustiedot"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    listChangedOppijat: {
        parameters: {
            query?: {
                /** @description modified at or after (>=): a date (2026-09-05), or a date-time with or without zone (2026-09-05T10:04:59, 2026-09-05T10:04:59.123+03:00); no zone = Europe/Helsinki */
                muokattuJalkeen?: string;
                /** @description only the persons of this import */
                tuontiId?: number;
                /** @description true: only persons whose identification failed or who have no hetu (not identified) */
                vainVirheet?: boolean;
                /** @description the first names or surname contain this (case-insensitive) */
                nimiHaku?: string;
                /** @description from 1 (default 1) */
                page?: number;
                /** @description 1–10000 (default 20) */
                count?: number;
                /** @description extension: the cursor (jatko) of the previous page; pages by position instead of by offset, so that no row is ever skipped */
                jalkeen?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "number": 1,
                     *       "size": 20,
                     *       "results": [
                     *         {
                     *           "oid": "1.2.246.562.24.31755209646",
                     *           "master": {
                     *             "oid": "1.2.246.562.24.14857097582",
                     *             "oppijanumero": "1.2.246.562.24.14857097582",
                     *             "luotu": 1788336000000,
                     *             "muokattu": 1788339600000,
                     *             "hetu": "010866-9260",
                     *             "etunimet": "Maija Liisa",
                     *             "kutsumanimi": "Maija",
                     *             "sukunimi": "Meikäläinen",
                     *             "syntymaaika": "1966-08-01",
                     *             "sukupuoli": {
                     *               "koodi": "2",
                     *               "nimi": {
                     *                 "FI": "nainen",
                     *                 "SV": "kvinna",
                     *                 "EN": "female"
                     *               }
                     *             },
                     *             "aidinkieli": {
                     *               "koodi": "fi",
                     *               "nimi": {
                     *                 "FI": "suomi",
                     *                 "SV": "finska",
                     *                 "EN": "Finnish"
                     *               }
                     *             },
                     *             "kansalaisuus": [
                     *               {
                     *                 "koodi": "246",
                     *                 "nimi": {
                     *                   "FI": "Suomi",
                     *                   "SV": "Finland",
                     *                   "EN": "Finland"
                     *                 }
                     *               }
                     *             ],
                     *             "kotikunta": {
                     *               "koodi": "091",
                     *               "nimi": {
                     *                 "FI": "Helsinki",
                     *                 "SV": "Helsingfors",
                     *                 "EN": "Helsinki"
                     *               }
                     *             },
                     *             "yhteystiedotRyhma": [],
                     *             "passivoitu": false,
                     *             "linked": [
                     *               "1.2.246.562.24.31755209646"
                     *             ]
                     *           }
                     *         }
                     *       ],
                     *       "totalElements": 1,
                     *       "totalPages": 1,
                     *       "numberOfElements": 1,
                     *       "first": true,
                     *       "last": true
                     *     }
                     */
                    "application/json": components["schemas"]["MuuttuneetSivu"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getOppijaSummary: {
        parameters: {
            query?: {
                /** @description modified at or after (>=): a date (2026-09-05), or a date-time with or without zone (2026-09-05T10:04:59, 2026-09-05T10:04:59.123+03:00); no zone = Europe/Helsinki */
                muokattuJalkeen?: string;
                /** @description only the persons of this import */
                tuontiId?: number;
                /** @description true: only persons whose identification failed or who have no hetu (not identified) */
                vainVirheet?: boolean;
                /** @description the first names or surname contain this (case-insensitive) */
                nimiHaku?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OppijaTuontiYhteenveto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listImportSummaries: {
        parameters: {
            query?: {
                /** @description only this import */
                id?: number;
                /** @description the sender’s name contains this (any case) */
                author?: string;
                /** @description from 1 (default 1) */
                page?: number;
                /** @description 1–500 (default 20) */
                pageSize?: number;
                /** @description default DESC */
                sort?: "ASC" | "DESC";
                /** @description sort field (default timestamp) */
                field?: "id" | "timestamp" | "oid" | "author" | "total" | "successful" | "failures" | "inProgress" | "conflicts";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TuontiKooste"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listImports: {
        parameters: {
            query?: {
                /** @description from 1 (default 1) */
                page?: number;
                /** @description 1–500 (default 20) */
                count?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TuontiLista"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listChangedPersons: {
        parameters: {
            query?: {
                /** @description ISO 8601 time; required without cursor */
                since?: string;
                /** @description the cursor of the previous answer */
                cursor?: string;
                /** @description 1–10000 (default 1000) */
                count?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RekisterinMuutokset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getDuplicateCandidates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Duplikaatit"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    searchDuplicateCandidates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DuplikaattiHaku"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Duplikaatit"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    linkPersons: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Linkitys"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkitysTulos"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    unlinkPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkityksenPurku"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkityksenPurkuTulos"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    markNotDuplicate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EiDuplikaatti"];
            };
        };
        responses: {
            /** @description on the list */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listNotDuplicates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EiDuplikaatit"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    unmarkNotDuplicate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                oid: string;
                /** @description the other person of the pair */
                otherOid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description off the list */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    searchPersons: {
        parameters: {
            query: {
                /** @description an OID (exact), a hetu (current or earlier, exact) or words of a name */
                q: string;
                /** @description page from 1 (default 1) */
                page?: number;
                /** @description items a page, 1–500 (default 20) */
                count?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HenkiloHaku"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    createPersonWithoutHetu: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HenkiloIlmanHetua"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LuotuHenkilo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Henkilo"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HenkiloMuutos"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Henkilo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getRegisterComparison: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VtjVertailu"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    acceptRegisterData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Henkilo"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    passivatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Henkilo"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    reactivatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Henkilo"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    identifyManually: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManuaalinenYksilointi"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Henkilo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getPersonAuditTrail: {
        parameters: {
            query?: {
                /** @description page from 1 (default 1) */
                page?: number;
                /** @description items a page, 1–500 (default 20) */
                count?: number;
            };
            header?: never;
            path: {
                /** @description a person OID */
                oid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HenkilonMuutokset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getErrorList: {
        parameters: {
            query?: {
                /** @description words of a name, an OID or a hetu */
                haku?: string;
                /** @description narrows the list to this organisation's subtree */
                organisaatio?: string;
                /** @description page from 1 (default 1) */
                page?: number;
                /** @description items a page, 1–500 (default 20) */
                count?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Virhelista"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getErrorListSummary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VirhelistaYhteenveto"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getCodeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description maatjavaltiot2 | kieli | kunta | sukupuoli */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Koodisto"];
                };
            };
            404: components["responses"]["NotFound"];
        };
    };
    issueTokenAtRoot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "koulu-sis",
                 *       "client_secret": "k8Q…"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "koulu-sis",
                 *       "client_secret": "k8Q…"
                 *     }
                 */
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxLjIuMjQ2LjU2Mi4yNC4…",
                     *       "token_type": "Bearer",
                     *       "expires_in": 3600
                     *     }
                     */
                    "application/json": components["schemas"]["AccessToken"];
                };
            };
            /** @description `invalid_request` or `unsupported_grant_type` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `invalid_client`: unknown client, wrong secret, or no client authentication */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `invalid_request`: the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `temporarily_unavailable`: too many token requests; try again after `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
    issueTokenAtReferenceIssuer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "koulu-sis",
                 *       "client_secret": "k8Q…"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "koulu-sis",
                 *       "client_secret": "k8Q…"
                 *     }
                 */
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxLjIuMjQ2LjU2Mi4yNC4…",
                     *       "token_type": "Bearer",
                     *       "expires_in": 3600
                     *     }
                     */
                    "application/json": components["schemas"]["AccessToken"];
                };
            };
            /** @description `invalid_request` or `unsupported_grant_type` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `invalid_client`: unknown client, wrong secret, or no client authentication */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `invalid_request`: the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description `temporarily_unavailable`: too many token requests; try again after `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ready to serve: the database answers and its schema is current */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
            /** @description not ready: the error shape, with what failed */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotReady"];
                };
            };
        };
    };
}
