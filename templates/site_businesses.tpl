{{%AUTOESCAPE context="HTML"}}
{{!-- Site operators: every business (search, ROWS/ROW, PAGER with
      PREV/NEXT and their QUERY) and the form that creates one and invites
      its owner. --}}
<section>
  <h1>{{_Businesses_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="filters" method="get" action="{{BASE}}/site/businesses">
    <div class="field">
      <label for="q">{{_Short name or name contains_}}</label>
      <input type="search" id="q" name="q" value="{{VALUE_Q}}" maxlength="200">
    </div>
    <button type="submit">{{_Search_}}</button>
    <a href="{{BASE}}/site/businesses">{{_Show all_}}</a>
  </form>
{{#EMPTY}}
  <p class="muted">{{_No businesses found._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Short name_}}</th>
          <th scope="col">{{_Business name_}}</th>
          <th scope="col">{{_Industry_}}</th>
          <th scope="col">{{_Members_}}</th>
          <th scope="col">{{_Created_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr>
          <td><code>{{SLUG}}</code></td>
          <td>{{NAME}}</td>
          <td>{{INDUSTRY}}</td>
          <td>{{MEMBERS}}</td>
          <td>{{CREATED}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#PREV}}
    <a href="{{BASE}}/site/businesses?{{QUERY}}" rel="prev">{{_Previous_}}</a>
{{/PREV}}
    <span>{{PAGE_INFO}} · {{TOTAL}}</span>
{{#NEXT}}
    <a href="{{BASE}}/site/businesses?{{QUERY}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}

  <h2 id="create">{{_Create a business_}}</h2>
  <form class="form-stack form-wide" method="post" action="{{BASE}}/site/businesses">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="slug">{{_Short name_}}</label>
      <input type="text" id="slug" name="slug" value="{{VALUE_SLUG}}" maxlength="64" pattern="[a-z0-9][a-z0-9-]{1,63}" required>
      <p class="field-hint">{{_Latin letters, digits and hyphens, e.g. salon-na-nevskom._}}</p>
{{#ERR_SLUG}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SLUG}}
    </div>
    <div class="field">
      <label for="name">{{_Business name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" required>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="industry">{{_Industry_}}</label>
      <select id="industry" name="industry">
{{#INDUSTRY}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/INDUSTRY}}
      </select>
{{#ERR_INDUSTRY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_INDUSTRY}}
    </div>
    <div class="field">
      <label for="locale">{{_Language_}}</label>
      <select id="locale" name="locale">
{{#LOCALE}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/LOCALE}}
      </select>
{{#ERR_LOCALE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_LOCALE}}
    </div>
    <div class="field">
      <label for="timezone">{{_Time zone_}}</label>
      <input type="text" id="timezone" name="timezone" value="{{VALUE_TIMEZONE}}" maxlength="64" required>
      <p class="field-hint">{{_e.g. Europe/Moscow_}}</p>
{{#ERR_TIMEZONE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TIMEZONE}}
    </div>
    <div class="field">
      <label for="owner_email">{{_Owner's e-mail_}}</label>
      <input type="email" id="owner_email" name="owner_email" value="{{VALUE_OWNER_EMAIL}}" maxlength="254" required>
      <p class="field-hint">{{_The owner receives an invitation link by e-mail._}}</p>
{{#ERR_OWNER_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_OWNER_EMAIL}}
    </div>
    <div class="field">
      <label for="owner_name">{{_Owner's name_}}</label>
      <input type="text" id="owner_name" name="owner_name" value="{{VALUE_OWNER_NAME}}" maxlength="200">
{{#ERR_OWNER_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_OWNER_NAME}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Create and invite the owner_}}</button>
    </div>
  </form>
</section>
