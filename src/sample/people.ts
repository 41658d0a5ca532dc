/**
 * The people, places, products and lists the sample events are made of. Fixed tables: the
 * generator draws from them, so they are part of what one seed reproduces.
 */

export const FIRST_NAMES = ['Ada', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jules', 'Kenji', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Yara', 'Zoe'];
export const LAST_NAMES = ['Adams', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haas', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
export const PLACES = [
  { city: 'Berlin', country: 'Germany', countryCode: 'DE' },
  { city: 'Lisbon', country: 'Portugal', countryCode: 'PT' },
  { city: 'Austin', country: 'United States', countryCode: 'US' },
  { city: 'Toronto', country: 'Canada', countryCode: 'CA' },
  { city: 'Osaka', country: 'Japan', countryCode: 'JP' },
  { city: 'Lagos', country: 'Nigeria', countryCode: 'NG' },
  { city: 'Lyon', country: 'France', countryCode: 'FR' },
];
export const PLANS = ['free', 'starter', 'pro', 'enterprise'];
export const PAGES = [
  { name: 'Home', category: 'Marketing', path: '/' },
  { name: 'Pricing', category: 'Marketing', path: '/pricing' },
  { name: 'Docs', category: 'Content', path: '/docs' },
  { name: 'Blog', category: 'Content', path: '/blog' },
  { name: 'Checkout', category: 'Shop', path: '/checkout' },
  { name: 'Account', category: 'Product', path: '/account' },
];
export const SCREENS = ['Home', 'Feed', 'Search', 'Cart', 'Product Detail', 'Settings'];
export const PRODUCTS = [
  { product_id: 'p-1001', sku: 'TSH-BLK-M', name: 'Black T-Shirt', price: 19.99, category: 'Apparel' },
  { product_id: 'p-1002', sku: 'MUG-WHT', name: 'White Mug', price: 9.5, category: 'Kitchen' },
  { product_id: 'p-1003', sku: 'BAG-CNV', name: 'Canvas Bag', price: 24, category: 'Accessories' },
  { product_id: 'p-1004', sku: 'HDP-WRL', name: 'Wireless Headphones', price: 129, category: 'Electronics, Audio' },
  { product_id: 'p-1005', sku: 'NTB-A5', name: 'A5 Notebook', price: 6.75, category: 'Stationery' },
  { product_id: 'p-1006', sku: 'BTL-STL', name: 'Steel Bottle', price: 29.9, category: 'Kitchen' },
];
export const APPS = [
  { namespace: 'com.example.shop', name: 'Example Shop', version: '4.2.0' },
  { namespace: 'com.example.reader', name: 'Example Reader', version: '1.9.3' },
];
export const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
];

/**
 * The lists of the sample's Iterable project. The form list is named by each sign-up event
 * (`integrations.Iterable.listIds`), not by a global `listId`, which every identify would join.
 */
export const FORM_LIST_ID = 4100;
export const AUDIENCE_LISTS: Readonly<Record<string, number>> = { 'lapsed-buyers': 4201, vip: 4202, newsletter: 4203 };
export const SIGNUP_PAGES = ['https://www.example.com/', 'https://www.example.com/blog', 'https://www.example.com/pricing'];
export const TRACKS = ['Signed Up', 'Video Played', 'Article Read', 'Button Clicked', 'Search Performed', 'Subscription Renewed'];

export interface Person {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  place: (typeof PLACES)[number];
  plan: string;
  age: number;
}

/** The user with number `n`: the same n always gives the same person (email ↔ userId never change). */
export function userAt(n: number, prefix = 'u'): Person {
  const first = FIRST_NAMES[n % FIRST_NAMES.length] as string;
  const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length] as string;
  const place = PLACES[n % PLACES.length] as Person['place'];
  const id = `${prefix}${String(n).padStart(6, '0')}`;
  return {
    userId: id,
    email: `${first}.${last}.${id}@example.com`.toLowerCase(),
    firstName: first,
    lastName: last,
    place,
    plan: PLANS[n % PLANS.length] as string,
    age: 18 + (n % 60),
  };
}
