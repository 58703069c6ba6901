/**
 * PII hints from column names, in the languages most schemas are written in (English, French,
 * German, Spanish, Italian, Portuguese, Dutch and the Nordic ones). A name is cut into
 * lowercase words (`billingEmail` → billing, email; `date_of_birth` → date, of, birth) and
 * each rule looks for its words, or for compound words that contain them (`telefonnummer`).
 * @module
 */
import type { PiiClass } from "./detect.ts";

/** A name rule: the class, how sure a match makes us, and the test. */
export interface NameRule {
  readonly class: PiiClass;
  readonly confidence: number;
  /** What matched, for the evidence. */
  readonly label: string;
  readonly test: (words: readonly string[], joined: string) => boolean;
}

const has = (list: string) => {
  const set = new Set(list.split(" "));
  return (words: readonly string[]) => words.some((w) => set.has(w));
};
const joinedMatches = (re: RegExp) => (_w: readonly string[], joined: string) => re.test(joined);
const either = (...tests: ((w: readonly string[], j: string) => boolean)[]) => (w: readonly string[], j: string) =>
  tests.some((t) => t(w, j));

/** Words that make a name about something other than the value itself (`email_verified`, `phone_count`). */
export const NEGATIVE_WORDS: ReadonlySet<string> = new Set(
  ("count total type kind verified validated confirmed enabled disabled status flag flags is has sent opt " +
    "optin optout template format length expires expiry expired updated created changed at on provider valid " +
    "invalid bounce bounced policy rule mask masked required min max attempts attempt strength hint changed " +
    "visible visibility public private_flag pref preference preferences consent domain prefix suffix")
    .split(" "),
);

/** Rules in order of specificity; a column can match several. */
export const NAME_RULES: readonly NameRule[] = [
  {
    class: "email",
    confidence: 0.9,
    label: "an e-mail column name",
    test: either(has("email emails courriel correo emailadresse mailadresse epost eposta"), joinedMatches(/e_?mail/)),
  },
  { class: "email", confidence: 0.6, label: "a mail column name", test: has("mail") },
  {
    class: "phone",
    confidence: 0.85,
    label: "a phone column name",
    test: either(
      has(
        "phone phones telephone telefone telefono telefon telefoon mobile mobil movil celular cellulare cell " +
          "cellphone gsm portable handy msisdn phonenumber",
      ),
      joinedMatches(/phone|telefon|telephon|handynummer|mobilnummer/),
    ),
  },
  { class: "phone", confidence: 0.7, label: "a phone or fax column name", test: has("tel fax") },
  { class: "iban", confidence: 0.95, label: "an IBAN column name", test: has("iban") },
  {
    class: "iban",
    confidence: 0.7,
    label: "a bank account column name",
    test: either(
      has("rib kontonummer rekeningnummer bankaccount accountnumber"),
      (w) => w.includes("bank") && (w.includes("account") || w.includes("number")),
    ),
  },
  {
    class: "card",
    confidence: 0.85,
    label: "a card number column name",
    test: either(
      has("pan creditcard cardnumber ccnumber kreditkarte kreditkartennummer"),
      (w) =>
        (w.includes("card") || w.includes("cc") || w.includes("carte") || w.includes("tarjeta")) &&
        (w.includes("number") || w.includes("num") || w.includes("no") || w.includes("credit") ||
          w.includes("numero") || w.includes("nummer")),
    ),
  },
  {
    class: "ip",
    confidence: 0.85,
    label: "an IP address column name",
    test: either(has("ip ipaddress ipaddr ipv4 ipv6"), (w) => w.includes("remote") && w.includes("addr")),
  },
  {
    class: "mac",
    confidence: 0.8,
    label: "a MAC address column name",
    test: either(has("macaddress macaddr"), (w) => w.includes("mac") && (w.includes("address") || w.includes("addr"))),
  },
  {
    class: "national_id",
    confidence: 0.85,
    label: "a national identifier column name",
    test: either(
      has(
        "ssn nir insee passport passeport pasaporte reisepass nino nin dni nif nie cpf cnpj personnummer bsn " +
          "steuerid steuernummer taxid tin codicefiscale fiscalcode socialsecurity nationalid idcard " +
          "driverlicense driverslicense",
      ),
      (w) =>
        (w.includes("social") && w.includes("security")) || (w.includes("national") && w.includes("id")) ||
        (w.includes("tax") && (w.includes("id") || w.includes("number"))) ||
        (w.includes("codice") && w.includes("fiscale")) || (w.includes("driver") && w.includes("license")) ||
        (w.includes("id") && w.includes("card")),
    ),
  },
  {
    class: "person_name",
    confidence: 0.9,
    label: "a person's name column",
    test: either(
      has(
        "firstname lastname fullname surname givenname familyname forename middlename maidenname prenom vorname " +
          "nachname apellido apellidos cognome achternaam voornaam efternamn fornavn etternavn sukunimi",
      ),
      (w) =>
        w.includes("name") &&
        ["first", "last", "full", "given", "family", "middle", "maiden", "sur", "fore", "birth", "display", "legal"]
          .some((q) => w.includes(q)),
    ),
  },
  {
    class: "person_name",
    confidence: 0.75,
    label: "a person's name column",
    test: (w) =>
      w.includes("name") &&
      [
        "contact",
        "customer",
        "client",
        "owner",
        "holder",
        "person",
        "patient",
        "employee",
        "author",
        "recipient",
        "sender",
        "billing",
        "shipping",
        "member",
        "guest",
        "passenger",
        "student",
        "teacher",
        "doctor",
      ]
        .some((q) => w.includes(q)),
  },
  {
    class: "person_name",
    confidence: 0.6,
    label: "a name column in another language",
    test: has("nom nombre nome naam"),
  },
  {
    class: "person_name",
    confidence: 0.5,
    label: "a bare name column",
    test: (w) => w.length === 1 && w[0] === "name",
  },
  { class: "person_name", confidence: 0.5, label: "a user name column", test: has("username login nickname handle") },
  {
    class: "address",
    confidence: 0.8,
    label: "a postal address column name",
    test: either(
      has(
        "address addresses addr street streetaddress adresse rue strasse straße calle direccion indirizzo " +
          "endereco morada adres gatuadress address1 address2 addressline1 addressline2",
      ),
      joinedMatches(/address_?line|street|strasse|straße/),
    ),
  },
  {
    class: "address",
    confidence: 0.6,
    label: "a city or postal code column name",
    test: has(
      "city town ville ciudad citta cidade stad stadt ort zip zipcode postcode postal postalcode plz codepostal cp",
    ),
  },
  {
    class: "birth_date",
    confidence: 0.9,
    label: "a date of birth column name",
    test: either(
      has("dob birthdate birthday birth born naissance geburtsdatum geburtstag nacimiento nascita nascimento"),
      joinedMatches(/birth|geburt|naissance|nacimiento|nascita/),
    ),
  },
  {
    class: "secret",
    confidence: 0.9,
    label: "a password, secret or token column name",
    test: either(
      has(
        "password passwd pwd secret secrets token tokens apikey accesskey secretkey privatekey otp totp mfa " +
          "credential credentials motdepasse passwort kennwort contrasena contraseña senha wachtwoord",
      ),
      joinedMatches(/password|passwd|secret|api_?key|access_?key|private_?key|_token|token_|mot_?de_?passe/),
    ),
  },
  { class: "secret", confidence: 0.6, label: "a session or pass column name", test: has("pass session salt") },
  {
    class: "location",
    confidence: 0.7,
    label: "a geographic position column name",
    test: has("latitude longitude lat lng lon geolocation geoloc coordinates coords gps geom geography"),
  },
];

/** A column name as lowercase words: `billingEmail2` → billing, email; `date_of_birth` → date, of, birth. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== "");
}
