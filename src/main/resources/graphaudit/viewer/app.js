// The audit viewer: signs in with a bearer token (kept in sessionStorage), reads events through the
// service's own /beta API and the chart's counts from /viewer/histogram. Every value from an event is
// written with textContent, never parsed as HTML.
'use strict';
(() => {
  const TOKEN_KEY = 'graphaudit.viewer.token';
  const PAGE_SIZE = 25;
  const EVENTS = '/beta/deviceManagement/auditEvents';
  const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
  const $ = (id) => document.getElementById(id);

  let pages = [];      // the URL of each page visited, for Previous
  let current = -1;    // index in pages of the page shown
  let nextLink = null;
  let chart = null;

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  function show(id, visible) { $(id).classList.toggle('hidden', !visible); }

  function fail(error) {
    $('error').textContent = error.message;
    show('error', true);
  }

  async function api(url, headers) {
    const response = await fetch(url, {
      headers: Object.assign({ Authorization: 'Bearer ' + token(), Accept: 'application/json' }, headers || {}),
      cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
    const text = await response.text();
    let body = text;
    try { body = text ? JSON.parse(text) : null; } catch (e) { /* text/plain */ }
    if (!response.ok) {
      if (response.status === 401) { signOut(); }
      throw new Error(body && body.error ? body.error.code + ': ' + body.error.message : response.status + '');
    }
    return body;
  }

  // ---- sign-in ----
  function signedIn() {
    show('sign-in-box', !token());
    show('session', !!token());
    show('main', !!token());
    if (token()) {
      $('signed-in').textContent = 'Signed in as ' + describe(token());
      loadCategories();
      search();
    }
  }

  /** Who a token speaks for, read from its (unverified) payload: only to show it. */
  function describe(jwt) {
    try {
      const claims = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return (claims.upn || claims.appid || '?') + ' (tenant ' + claims.tid + ')';
    } catch (e) {
      return 'a token';
    }
  }

  function signIn(value) {
    sessionStorage.setItem(TOKEN_KEY, value.trim());
    $('token-input').value = '';
    show('error', false);
    signedIn();
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    signedIn();
  }

  async function offerDevToken() {
    const response = await fetch('/viewer/dev-token', { cache: 'no-store' });
    show('dev-box', response.ok);
  }

  async function devSignIn() {
    const response = await fetch('/viewer/dev-token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: $('dev-tenant').value.trim() }),
    });
    const body = await response.json();
    if (!response.ok) { throw new Error(body.error.code + ': ' + body.error.message); }
    signIn(body.access_token);
  }

  // ---- the query ----
  const quote = (text) => "'" + text.replace(/'/g, "''") + "'";
  const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

  function dateLiteral(id) {
    const value = $(id).value.trim();
    if (value && !DATE.test(value)) {
      throw new Error('Write times as 2016-01-31 or 2016-01-31T08:00:00Z.');
    }
    return value;
  }

  /** The $filter and $search of the form, as query option pairs. */
  function conditions() {
    const parts = [];
    const from = dateLiteral('f-from');
    const to = dateLiteral('f-to');
    if (from) { parts.push('activityDateTime ge ' + from); }
    if (to) { parts.push('activityDateTime lt ' + to); }
    const equal = [['f-category', 'category'], ['f-activity-type', 'activityType'], ['f-actor', 'actor/userPrincipalName']];
    for (const [id, path] of equal) {
      const value = $(id).value.trim();
      if (value) { parts.push(path + ' eq ' + quote(value)); }
    }
    const resource = $('f-resource').value.trim();
    if (resource) { parts.push('resources/any(r: r/resourceId eq ' + quote(resource) + ')'); }
    const options = [];
    if (parts.length) { options.push(['$filter', parts.join(' and ')]); }
    const text = $('f-search').value.replace(/"/g, ' ').trim();
    if (text) { options.push(['$search', '"' + text + '"']); }
    return options;
  }

  // encodeURIComponent keeps ' ( ) ! *: encode the quote too, so the URL pastes inside '…' in a shell
  const encode = (value) => encodeURIComponent(value).replace(/'/g, '%27');
  const queryString = (options) => options.map(([name, value]) => name + '=' + encode(value)).join('&');

  function search() {
    show('error', false);
    let options;
    try {
      options = conditions();
    } catch (e) {
      fail(e);
      return;
    }
    const list = options.concat([['$orderby', 'activityDateTime ' + $('f-order').value], ['$count', 'true']]);
    const url = location.origin + EVENTS + '?' + queryString(list);
    $('query').textContent = url;
    $('curl').textContent = 'curl -H "Authorization: Bearer $TOKEN" -H \'Prefer: odata.maxpagesize=' + PAGE_SIZE
      + '\' \'' + url + '\'';
    pages = [url];
    current = 0;
    loadPage().catch(fail);
    loadChart(options).catch(fail);
  }

  // ---- the table ----
  async function loadPage() {
    const page = await api(pages[current], { Prefer: 'odata.maxpagesize=' + PAGE_SIZE });
    nextLink = page['@odata.nextLink'] || null;
    $('count').textContent = page['@odata.count'] + ' events';
    $('page').textContent = 'page ' + (current + 1);
    $('prev').disabled = current === 0;
    $('next').disabled = !nextLink;
    const body = $('events').tBodies[0];
    body.replaceChildren(...page.value.map(row));
  }

  function row(event) {
    const tr = document.createElement('tr');
    const actor = event.actor || {};
    for (const value of [event.activityDateTime, event.category, event.activityType, event.displayName,
      actor.userPrincipalName || actor.applicationDisplayName, event.activityResult]) {
      const td = document.createElement('td');
      td.textContent = value == null ? '' : String(value);
      tr.appendChild(td);
    }
    tr.dataset.id = event.id;
    tr.tabIndex = 0;
    tr.addEventListener('click', () => openEvent(event.id, tr).catch(fail));
    return tr;
  }

  function go(step) {
    if (step > 0 && current === pages.length - 1) {
      pages.push(nextLink);
    }
    current += step;
    loadPage().catch(fail);
  }

  // ---- the detail ----
  /** "none", in place of a section that has nothing to show. */
  function none() {
    const p = document.createElement('p');
    p.className = 'none';
    p.textContent = 'none';
    return p;
  }

  function pairs(list, entries) {
    list.replaceChildren();
    if (!entries.length) {
      list.append(none());
      return;
    }
    for (const [name, value] of entries) {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value == null ? '' : Array.isArray(value) ? value.map(v => typeof v === 'object' ? JSON.stringify(v) : v).join(', ') : String(value);
      list.append(dt, dd);
    }
  }

  const eventUrl = (root, id) => '/' + root + '/deviceManagement/auditEvents/' + encodeURIComponent(id);

  async function openEvent(id, tr) {
    const event = await api(eventUrl('beta', id));
    for (const other of $('events').querySelectorAll('tr.selected')) { other.classList.remove('selected'); }
    tr.classList.add('selected');
    $('detail').dataset.id = id;
    $('detail-title').textContent = event.displayName || event.id;
    pairs($('detail-fields'), ['id', 'activityDateTime', 'category', 'activity', 'activityType',
      'activityOperationType', 'activityResult', 'componentName', 'correlationId'].map(k => [k, event[k]]));
    pairs($('detail-actor'), Object.entries(event.actor || {})
      .filter(([k, v]) => !k.startsWith('@') && v != null && !(Array.isArray(v) && !v.length)));
    const resources = $('detail-resources');
    const list = (event.resources || []).map(resource);
    resources.replaceChildren(...(list.length ? list : [none()]));
    show('detail', true);
    $('browse').classList.add('open');
    await showRaw();
    $('detail').scrollIntoView({ block: 'nearest' });
  }

  function resource(r) {
    const box = document.createElement('div');
    box.className = 'resource';
    const title = document.createElement('h4');
    title.textContent = (r.displayName || '') + ' (' + (r.auditResourceType || r.type || '') + ', ' + (r.resourceId || '') + ')';
    const changes = document.createElement('ul');
    if (!(r.modifiedProperties || []).length) {
      changes.append(none());
    }
    for (const p of r.modifiedProperties || []) {
      const li = document.createElement('li');
      li.className = 'change';
      const name = document.createElement('span');
      name.className = 'prop';
      name.textContent = (p.displayName || '') + ': ';
      const oldValue = document.createElement('span');
      oldValue.className = 'old';
      oldValue.textContent = p.oldValue == null ? '(none)' : p.oldValue;
      const newValue = document.createElement('span');
      newValue.className = 'new';
      newValue.textContent = p.newValue == null ? '(none)' : p.newValue;
      li.append(name, oldValue, document.createTextNode(' → '), newValue);
      changes.appendChild(li);
    }
    box.append(title, changes);
    return box;
  }

  async function showRaw() {
    const raw = await api(eventUrl($('raw-root').value, $('detail').dataset.id));
    $('raw-json').textContent = JSON.stringify(raw, null, 2);
  }

  // ---- the chart ----
  /**
   * The chart's time range, in seconds: the filter's from and to where it gives them, else from the first
   * counted interval's start to the last one's end (so one event is one bar, not a point on a vast axis).
   */
  function chartRange(starts, interval) {
    const from = dateLiteral('f-from');
    const to = dateLiteral('f-to');
    const seconds = interval === 'hour' ? 3600 : 86400;
    const lower = from ? Date.parse(from) / 1000 : starts.length ? starts[0] : null;
    const upper = to ? Date.parse(to) / 1000 : starts.length ? starts[starts.length - 1] + seconds : null;
    const shown = (text, value) => text || (value == null ? '…'
      : new Date(value * 1000).toISOString().slice(0, interval === 'hour' ? 13 : 10).replace('T', ' ') + (interval === 'hour' ? 'h' : ''));
    $('chart-range').textContent = lower == null && upper == null ? 'no events' : shown(from, lower) + ' to ' + shown(to, upper);
    return [lower, upper];
  }

  async function loadChart(options) {
    const started = performance.now();
    const histogram = await api('/viewer/histogram?' + queryString([['interval', $('chart-interval').value]].concat(options)));
    $('chart-time').textContent = '(counted in ' + Math.round(performance.now() - started) + ' ms)';
    $('chart-total').textContent = histogram.total + ' events';
    const starts = [...new Set(histogram.value.map(b => Date.parse(b.start) / 1000))].sort((a, b) => a - b);
    const categories = [...new Set(histogram.value.map(b => b.category == null ? '(none)' : b.category))].sort();
    const index = new Map(starts.map((s, i) => [s, i]));
    const series = categories.map(() => starts.map(() => 0));
    const totals = categories.map(() => 0);
    for (const b of histogram.value) {
      const c = categories.indexOf(b.category == null ? '(none)' : b.category);
      series[c][index.get(Date.parse(b.start) / 1000)] += b.count;
      totals[c] += b.count;
    }
    legend(categories, totals);
    const [rangeFrom, rangeTo] = chartRange(starts, histogram.interval);
    if (chart) { chart.destroy(); chart = null; }
    // stacked bars: series i holds categories 0..i summed, drawn tallest first so each shows its band
    const stacked = series.map((_, i) => starts.map((__, x) => series.slice(0, i + 1).reduce((sum, s) => sum + s[x], 0)));
    const order = categories.map((_, i) => categories.length - 1 - i);
    const width = Math.max(300, $('chart').clientWidth || 800);
    chart = new uPlot({
      width, height: 220, legend: { show: false }, cursor: { show: false },
      series: [{}].concat(order.map(i => ({ label: categories[i], fill: COLORS[i % COLORS.length],
        stroke: COLORS[i % COLORS.length], paths: uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }))),
      scales: { x: { time: true, range: (u, min, max) => [rangeFrom ?? min, rangeTo ?? max] } },
      axes: [{}, { label: 'events' }],
    }, [starts].concat(order.map(i => stacked[i])), $('chart'));
  }

  function legend(categories, totals) {
    $('chart-legend').replaceChildren(...categories.map((category, i) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = COLORS[i % COLORS.length];
      const text = document.createElement('span');
      text.className = 'category-total';
      text.textContent = category + ': ' + totals[i];
      li.append(swatch, text);
      return li;
    }));
  }

  async function loadCategories() {
    const categories = await api(EVENTS + '/getAuditCategories()');
    $('categories').replaceChildren(...categories.value.map(option));
  }

  async function loadActivityTypes() {
    const category = $('f-category').value.trim();
    if (!category) { return; }
    const types = await api(EVENTS + '/getAuditActivityTypes(category=' + encode(quote(category)) + ')');
    $('activity-types').replaceChildren(...types.value.map(option));
  }

  function option(value) {
    const o = document.createElement('option');
    o.value = value;
    return o;
  }

  // ---- wiring ----
  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in').addEventListener('click', () => signIn($('token-input').value));
    $('dev-sign-in').addEventListener('click', () => devSignIn().catch(fail));
    $('sign-out').addEventListener('click', signOut);
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); search(); });
    $('f-category').addEventListener('change', () => loadActivityTypes().catch(fail));
    $('prev').addEventListener('click', () => go(-1));
    $('next').addEventListener('click', () => go(1));
    $('raw-root').addEventListener('change', () => showRaw().catch(fail));
    $('chart-interval').addEventListener('change', () => {
      try { loadChart(conditions()).catch(fail); } catch (e) { fail(e); }
    });
    $('copy-curl').addEventListener('click', () => navigator.clipboard.writeText($('curl').textContent));
    offerDevToken().catch(() => show('dev-box', false));
    signedIn();
  });
})();
