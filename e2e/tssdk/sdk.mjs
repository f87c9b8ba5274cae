// Drives a running Procura with the official commercetools TypeScript SDK, as a storefront's
// backend would: run by e2e/tssdk_test.go with PROCURA_URL, PROCURA_PROJECT, PROCURA_CLIENT_ID
// and PROCURA_CLIENT_SECRET (a client holding manage_project). Prints one line per step and
// exits non-zero at the first step whose answer is not what the reference promises.
import { ClientBuilder } from '@commercetools/ts-client'
import { createApiBuilderFromCtpClient } from '@commercetools/platform-sdk'

const base = process.env.PROCURA_URL
const projectKey = process.env.PROCURA_PROJECT
const clientId = process.env.PROCURA_CLIENT_ID
const clientSecret = process.env.PROCURA_CLIENT_SECRET

function check(cond, what, got) {
  if (!cond) {
    console.error(`FAIL ${what}: ${JSON.stringify(got)}`)
    process.exit(1)
  }
  console.log(`ok ${what}`)
}

function api(auth) {
  const client = new ClientBuilder()
    .withProjectKey(projectKey)
    [auth.flow]({ host: base, projectKey, httpClient: fetch, ...auth.options })
    .withHttpMiddleware({ host: base, httpClient: fetch })
    .build()
  return createApiBuilderFromCtpClient(client).withProjectKey({ projectKey })
}

async function status(promise) {
  try {
    await promise
    return 200
  } catch (e) {
    return e.statusCode ?? e.body?.statusCode ?? e.code
  }
}

const scope = (...names) => names.map((n) => `${n}:${projectKey}`)

// A client asking for fewer scopes than it holds gets them, and no more.
const seller = api({
  flow: 'withClientCredentialsFlow',
  options: { credentials: { clientId, clientSecret }, scopes: scope('manage_customers', 'manage_products', 'manage_categories') },
})
check((await status(seller.get().execute())) === 403, 'a narrowed token may not read the project settings', null)

// Sign-up with addresses, defaults, locale and birthday.
const email = `ts-${Date.now()}@sdk.example`
const signUp = await seller.customers().post({
  body: {
    email, password: 'First-pass-123', firstName: 'Tess', locale: 'de-DE', dateOfBirth: '1990-01-02',
    addresses: [{ key: 'home', country: 'DE', city: 'Berlin' }, { key: 'work', country: 'AT', city: 'Wien' }],
    defaultShippingAddress: 1, billingAddresses: [0],
  },
}).execute()
const customer = signUp.body.customer
check(customer.locale === 'de-DE' && customer.dateOfBirth === '1990-01-02' && customer.addresses.length === 2 &&
  customer.defaultShippingAddressId === customer.addresses[1].id && Array.isArray(customer.customerGroupAssignments),
'sign-up with addresses and locale', customer)

// Password reset, then the password flow with the new password, asking with the client's scopes.
const token = await seller.customers().passwordToken().post({ body: { email } }).execute()
check(typeof token.body.value === 'string' && token.body.customerId === customer.id, 'a password token', token.body)
await seller.customers().passwordReset().post({ body: { tokenValue: token.body.value, newPassword: 'Second-pass-456' } }).execute()
check((await status(seller.customers().passwordReset().post({ body: { tokenValue: token.body.value, newPassword: 'Third-pass-789' } }).execute())) === 400,
  'a password token is used once', null)
const me = api({
  flow: 'withPasswordFlow',
  options: { credentials: { clientId, clientSecret, user: { username: email, password: 'Second-pass-456' } }, scopes: scope('manage_project') },
})
const mine = await me.me().get().execute()
check(mine.body.id === customer.id, 'the password flow with the new password, asked with the client\'s scopes', mine.body)

// The catalog: a category, a product in it, read back as projections with a price selected.
const category = await seller.categories().post({ body: { key: 'ts-tools', name: { en: 'Tools' }, slug: { en: 'ts-tools' } } }).execute()
await seller.productTypes().post({ body: { key: 'ts-type', name: 'Things', description: 'Things' } }).execute()
await seller.products().post({
  body: {
    key: 'ts-hammer', productType: { typeId: 'product-type', key: 'ts-type' }, name: { en: 'Hammer' }, slug: { en: 'ts-hammer' },
    categories: [{ typeId: 'category', id: category.body.id }], publish: true,
    masterVariant: { sku: 'TS-H-1', prices: [{ value: { currencyCode: 'EUR', centAmount: 1299 } }] },
  },
}).execute()
const bySku = await me.productProjections().get({ queryArgs: { where: 'masterVariant(sku="TS-H-1") or variants(sku="TS-H-1")', priceCurrency: 'EUR' } }).execute()
const hammer = bySku.body.results[0]
check(bySku.body.results.length === 1 && hammer.masterVariant.price?.value.centAmount === 1299 && hammer.categories[0].id === category.body.id,
  'product projections by SKU with a selected price, as a customer', bySku.body)
const byKey = await me.productProjections().withKey({ key: 'ts-hammer' }).get().execute()
check(byKey.body.id === hammer.id, 'a product projection by key', byKey.body)
const found = await me.products().search().post({
  body: {
    query: { and: [{ fullTextPrefix: { field: 'name', language: 'en', value: 'hamm' } }, { exact: { field: 'categories', value: category.body.id } }] },
    productProjectionParameters: { priceCurrency: 'EUR' }, limit: 10,
    sort: [{ field: 'variants.prices.centAmount', order: 'asc' }],
    facets: [
      { distinct: { name: 'categories', field: 'categories', limit: 5 } },
      { ranges: { name: 'price', field: 'variants.prices.centAmount', ranges: [{ to: 1000 }, { from: 1000, key: 'dear' }] } },
    ],
  },
}).execute()
check(found.body.total === 1 && found.body.results[0].id === hammer.id && found.body.results[0].productProjection.masterVariant.price?.value.centAmount === 1299,
  'the product search, as a customer', found.body)
const facet = (name) => found.body.facets.find((f) => f.name === name)?.buckets ?? []
check(facet('categories').some((b) => b.key === category.body.id && b.count === 1) && facet('price').find((b) => b.key === 'dear')?.count === 1,
  'the product search\'s facets', found.body.facets)
const cats = await me.categories().get({ queryArgs: { where: 'slug(en="ts-tools")' } }).execute()
check(cats.body.results.length === 1 && Array.isArray(cats.body.results[0].ancestors), 'categories by slug, as a customer', cats.body)
check((await status(me.categories().post({ body: { name: { en: 'x' }, slug: { en: 'xx' } } }).execute())) === 403,
  'a customer may not create a category', null)

// The anonymous session flow: a shopper's cart through /me/carts, taken over at sign-in.
const anonymousId = `ts-anon-${Date.now()}`
const guest = api({
  flow: 'withAnonymousSessionFlow',
  options: { credentials: { clientId, clientSecret, anonymousId }, scopes: scope('manage_my_orders', 'manage_my_profile', 'view_published_products') },
})
const guestCart = await guest.me().carts().post({ body: { currency: 'EUR', lineItems: [{ sku: 'TS-H-1', quantity: 2 }] } }).execute()
check(guestCart.body.anonymousId === anonymousId && guestCart.body.customerId === undefined && guestCart.body.totalPrice.centAmount === 2598,
  'an anonymous session\'s cart through /me/carts', guestCart.body)
const guestActive = await guest.me().activeCart().get().execute()
check(guestActive.body.id === guestCart.body.id, 'the anonymous session\'s active cart', guestActive.body)
check((await status(guest.me().get().execute())) === 403, 'an anonymous session is no customer', null)
const signIn = await guest.me().login().post({ body: { email, password: 'Second-pass-456', activeCartSignInMode: 'UseAsNewActiveCustomerCart' } }).execute()
check(signIn.body.customer.id === customer.id && signIn.body.cart?.id === guestCart.body.id && signIn.body.cart.customerId === customer.id,
  'signing in through /me/login takes the anonymous cart over', signIn.body)
const taken = await me.me().activeCart().get().execute()
check(taken.body.id === guestCart.body.id, 'the cart taken over is the customer\'s active cart', taken.body)

// Checkout: the seller's tax category, zone and shipping method; the customer's cart priced with
// them, ordered, and the seller recording a payment and a delivery.
const admin = api({ flow: 'withClientCredentialsFlow', options: { credentials: { clientId, clientSecret }, scopes: scope('manage_project') } })
const vat = await admin.taxCategories().post({
  body: { key: 'ts-vat', name: 'VAT', rates: [{ name: '19%', amount: 0.19, includedInPrice: true, country: 'DE' }] },
}).execute()
const zone = await admin.zones().post({ body: { key: 'ts-de', name: 'Germany', locations: [{ country: 'DE' }] } }).execute()
const post = await admin.shippingMethods().post({
  body: {
    key: 'ts-post', name: 'Post', isDefault: false, taxCategory: { typeId: 'tax-category', id: vat.body.id },
    zoneRates: [{ zone: { typeId: 'zone', id: zone.body.id }, shippingRates: [{ price: { currencyCode: 'EUR', centAmount: 490 } }] }],
  },
}).execute()
const product = await admin.products().withId({ ID: hammer.id }).get().execute()
await admin.products().withId({ ID: hammer.id }).post({
  body: { version: product.body.version, actions: [{ action: 'setTaxCategory', taxCategory: { typeId: 'tax-category', id: vat.body.id } }] },
}).execute()
const addressed = await me.me().carts().withId({ ID: taken.body.id }).post({
  body: { version: taken.body.version, actions: [{ action: 'setShippingAddress', address: { country: 'DE', city: 'Berlin' } }] },
}).execute()
const matching = await admin.shippingMethods().matchingCart().get({ queryArgs: { cartId: addressed.body.id } }).execute()
check(matching.body.results.some((m) => m.id === post.body.id), 'the shipping methods matching the cart', matching.body)
const shipped = await me.me().carts().withId({ ID: addressed.body.id }).post({
  body: { version: addressed.body.version, actions: [{ action: 'setShippingMethod', shippingMethod: { typeId: 'shipping-method', id: post.body.id } }] },
}).execute()
const taxed = shipped.body.taxedPrice
const sumOf = (t) => t.totalNet.centAmount + t.taxPortions.reduce((s, p) => s + p.amount.centAmount, 0)
check(shipped.body.totalPrice.centAmount === 2598 + 490 && shipped.body.shippingInfo?.shippingMethodName === 'Post' &&
  taxed?.totalGross.centAmount === 3088 && sumOf(taxed) === 3088 && shipped.body.lineItems[0].taxedPrice?.totalGross.centAmount === 2598,
'the cart priced with its shipping method and taxes', shipped.body)

// A discount code: the seller's cart discount of 5.00 EUR that only a code unlocks, the code,
// the customer redeeming it on the cart (5.00 less, taxes included), and the order keeping it.
const fiveOff = await admin.cartDiscounts().post({
  body: {
    key: 'ts-five-off', name: { en: '5 EUR off' }, cartPredicate: 'true', sortOrder: '0.5', requiresDiscountCode: true,
    value: { type: 'absolute', money: [{ currencyCode: 'EUR', centAmount: 500 }] }, target: { type: 'totalPrice' },
  },
}).execute()
const code = await admin.discountCodes().post({
  body: { code: 'TS-FIVE', cartDiscounts: [{ typeId: 'cart-discount', id: fiveOff.body.id }] },
}).execute()
check(code.body.code === 'TS-FIVE' && code.body.isActive === true, 'a discount code for a cart discount that requires one', code.body)
const redeemed = await me.me().carts().withId({ ID: shipped.body.id }).post({
  body: { version: shipped.body.version, actions: [{ action: 'addDiscountCode', code: 'TS-FIVE' }] },
}).execute()
check(redeemed.body.discountCodes.length === 1 && redeemed.body.discountCodes[0].discountCode.id === code.body.id &&
  redeemed.body.discountCodes[0].state === 'MatchesCart' && redeemed.body.totalPrice.centAmount === 3088 - 500 &&
  redeemed.body.discountOnTotalPrice?.discountedAmount.centAmount === 500 && redeemed.body.taxedPrice?.totalGross.centAmount === 3088 - 500,
'addDiscountCode lowers the total by 5.00', redeemed.body)
const order = await me.me().orders().post({ body: { id: redeemed.body.id, version: redeemed.body.version } }).execute()
check(order.body.taxedPrice?.totalGross.centAmount === 2588 && order.body.totalPrice.centAmount === 2588 &&
  order.body.shippingInfo?.shippingMethod?.id === post.body.id && order.body.discountCodes?.[0]?.discountCode.id === code.body.id,
  'the order keeps the cart\'s shipping, taxes and discount code', order.body)
const payment = await admin.payments().post({
  body: {
    amountPlanned: { currencyCode: 'EUR', centAmount: 2588 }, paymentMethodInfo: { paymentInterface: 'psp', method: 'card' },
    transactions: [{ type: 'Charge', amount: { currencyCode: 'EUR', centAmount: 2588 }, state: 'Success', interactionId: 'psp-1' }],
  },
}).execute()
const fulfilled = await admin.orders().withId({ ID: order.body.id }).post({
  body: {
    version: order.body.version, actions: [
      { action: 'addPayment', payment: { typeId: 'payment', id: payment.body.id } },
      { action: 'changePaymentState', paymentState: 'Paid' },
      { action: 'addDelivery', items: [{ id: order.body.lineItems[0].id, quantity: 2 }], parcels: [{ trackingData: { trackingId: 'TS-1', carrier: 'Post' } }] },
    ],
  },
}).execute()
const delivery = fulfilled.body.shippingInfo?.deliveries?.[0]
check(fulfilled.body.paymentInfo?.payments?.[0]?.id === payment.body.id && fulfilled.body.paymentState === 'Paid' &&
  delivery?.items[0].quantity === 2 && delivery?.parcels[0].trackingData?.trackingId === 'TS-1',
'a payment and a delivery recorded on the order', fulfilled.body)
check((await status(me.orders().withId({ ID: order.body.id }).post({
  body: { version: fulfilled.body.version, actions: [{ action: 'addDelivery', items: [{ id: order.body.lineItems[0].id, quantity: 1 }] }] },
}).execute())) === 403, 'a customer\'s token may not add a delivery', null)
