{{%AUTOESCAPE context="HTML"}}
{{!-- The client list: the search box and filters (VALUE_*, ERR_*, the
      *_OPTION lists, CONSENT_YES/NO, ATTRS, SORT_OPTION), LIVE_LIST or
      DELETED_LIST, COUNT (COUNT_TEXT), PARTIAL, the table (ROWS/ROW, with RESTORE for deleted
      clients) and PAGER (FIRST, PREV, NEXT, LAST with their URL). --}}
<section>
{{#LIVE_LIST}}
  <h1>{{_Clients_}}</h1>
{{/LIVE_LIST}}
{{#DELETED_LIST}}
  <h1>{{_Deleted clients_}}</h1>
  <p class="muted">{{_Deleted clients are kept apart from the base; a manager can restore them._}} <a href="{{LIVE_URL}}">{{_Back to the client base_}}</a></p>
{{/DELETED_LIST}}
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="actions">
{{#MAY_ADD}}
    <a class="button" href="{{BASE}}/clients/new">{{_Add a client_}}</a>
    <a href="{{BASE}}/clients/import">{{_Import from a file_}}</a>
{{/MAY_ADD}}
    <a href="{{BASE}}/clients/duplicates">{{_Possible duplicates_}}</a>
{{#EXPORT}}
    <span class="muted">{{_Download these clients:_}}</span>
    <a href="{{CSV_URL}}">CSV</a>
    <a href="{{XLSX_URL}}">Excel</a>
{{#SURVEY}}
    · <a href="{{URL}}">{{_Send a survey to these clients_}}</a>
{{/SURVEY}}
{{/EXPORT}}
  </p>
  <form class="filters" method="get" action="{{BASE}}/clients">
    <div class="field">
      <label for="q">{{_Name, e-mail or phone_}}</label>
      <input type="search" id="q" name="q" value="{{VALUE_Q}}" maxlength="200">
{{#ERR_Q}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_Q}}
    </div>
    <div class="field">
      <label for="sort">{{_Order_}}</label>
      <select id="sort" name="sort">
{{#SORT_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SORT_OPTION}}
      </select>
    </div>
    <button type="submit">{{_Search_}}</button>
    <a href="{{LIVE_URL}}">{{_Show all_}}</a>
    <details class="more-filters">
      <summary>{{_Filters_}}</summary>
      <div class="field">
        <label for="gender">{{_Gender_}}</label>
        <select id="gender" name="gender">
{{#GENDER_OPTION}}
          <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/GENDER_OPTION}}
        </select>
{{#ERR_GENDER}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_GENDER}}
      </div>
      <div class="field">
        <label for="age_band">{{_Age_}}</label>
        <select id="age_band" name="age_band">
{{#AGE_BAND_OPTION}}
          <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/AGE_BAND_OPTION}}
        </select>
{{#ERR_AGE_BAND}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_AGE_BAND}}
      </div>
      <div class="field">
        <label for="region">{{_Region_}}</label>
        <select id="region" name="region">
{{#REGION_OPTION}}
          <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/REGION_OPTION}}
        </select>
{{#ERR_REGION}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_REGION}}
      </div>
      <div class="field">
        <label for="profession">{{_Occupation_}}</label>
        <select id="profession" name="profession">
{{#PROFESSION_OPTION}}
          <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/PROFESSION_OPTION}}
        </select>
{{#ERR_PROFESSION}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_PROFESSION}}
      </div>
      <div class="field">
        <label for="source">{{_How they found us_}}</label>
        <select id="source" name="source">
{{#SOURCE_OPTION}}
          <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SOURCE_OPTION}}
        </select>
{{#ERR_SOURCE}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_SOURCE}}
      </div>
      <div class="field">
        <label for="consent">{{_Marketing consent_}}</label>
        <select id="consent" name="consent">
          <option value="">{{_Any_}}</option>
          <option value="yes"{{#CONSENT_YES}} selected{{/CONSENT_YES}}>{{_Agrees_}}</option>
          <option value="no"{{#CONSENT_NO}} selected{{/CONSENT_NO}}>{{_Does not agree_}}</option>
        </select>
{{#ERR_CONSENT}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_CONSENT}}
      </div>
      <div class="field">
        <label for="tag">{{_Tag_}}</label>
        <input type="text" id="tag" name="tag" value="{{VALUE_TAG}}" maxlength="64" list="tag-list">
        <datalist id="tag-list">
{{#TAG_OPTION}}
          <option value="{{VALUE}}">
{{/TAG_OPTION}}
        </datalist>
{{#ERR_TAG}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_TAG}}
      </div>
{{#ATTRS}}
      <div class="field">
        <label for="attr">{{_Attribute_}}</label>
        <select id="attr" name="attr">
          <option value="">{{_— not set —_}}</option>
{{#ATTR_OPTION}}
          <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ATTR_OPTION}}
        </select>
{{#ERR_ATTR}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_ATTR}}
      </div>
      <div class="field">
        <label for="attr_value">{{_Attribute value_}}</label>
        <input type="text" id="attr_value" name="attr_value" value="{{VALUE_ATTR_VALUE}}" maxlength="1000">
{{#ERR_ATTR_VALUE}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_ATTR_VALUE}}
      </div>
{{/ATTRS}}
      <div class="field">
        <label for="since_from">{{_Client since, from_}}</label>
        <input type="date" id="since_from" name="since_from" value="{{VALUE_SINCE_FROM}}">
{{#ERR_SINCE_FROM}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_SINCE_FROM}}
      </div>
      <div class="field">
        <label for="since_to">{{_Client since, to_}}</label>
        <input type="date" id="since_to" name="since_to" value="{{VALUE_SINCE_TO}}">
{{#ERR_SINCE_TO}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_SINCE_TO}}
      </div>
      <div class="field">
        <label for="last_from">{{_Last contact, from_}}</label>
        <input type="date" id="last_from" name="last_from" value="{{VALUE_LAST_FROM}}">
{{#ERR_LAST_FROM}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_LAST_FROM}}
      </div>
      <div class="field">
        <label for="last_to">{{_Last contact, to_}}</label>
        <input type="date" id="last_to" name="last_to" value="{{VALUE_LAST_TO}}">
{{#ERR_LAST_TO}}
        <span class="field-error">{{MSG}}</span>
{{/ERR_LAST_TO}}
      </div>
      <div class="field">
        <label><input type="checkbox" name="deleted" value="1"{{#DELETED_LIST}} checked{{/DELETED_LIST}}> {{_Deleted clients_}}</label>
      </div>
    </details>
  </form>
{{#LIVE_LIST}}
  <p class="muted">{{#COUNT}}{{COUNT_TEXT}} · {{/COUNT}}<a href="{{DELETED_URL}}">{{_Deleted clients_}}</a></p>
{{/LIVE_LIST}}
{{#DELETED_LIST}}
{{#COUNT}}
  <p class="muted">{{COUNT_TEXT}}</p>
{{/COUNT}}
{{/DELETED_LIST}}
{{#BY_WORD}}
  <p class="muted" role="status">{{_Many clients match these words, so they are listed by the matched word rather than in the chosen order. Add a word to narrow the search._}}</p>
{{/BY_WORD}}
{{#PARTIAL}}
  <p class="notice" role="status">{{_The filters are checked against 20 000 clients per page; this page stopped there. Go on with “Next” to check further._}}</p>
{{/PARTIAL}}
{{#EMPTY}}
  <p class="muted">{{_No clients found._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table class="client-list">
      <thead>
        <tr>
          <th scope="col">{{_Name_}}</th>
          <th scope="col">{{_E-mail_}}</th>
          <th scope="col">{{_Phone_}}</th>
          <th scope="col">{{_Age_}}</th>
          <th scope="col">{{_Region, city_}}</th>
          <th scope="col">{{_Client since_}}</th>
          <th scope="col">{{_Last contact_}}</th>
          <th scope="col">{{_Purchases_}}</th>
          <th scope="col">{{_Tags_}}</th>
{{#ACTIONS_HEAD}}
          <th scope="col"><span class="muted">{{_Actions_}}</span></th>
{{/ACTIONS_HEAD}}
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr data-id="{{ID}}">
          <td><a href="{{BASE}}/clients/{{ID}}"{{#ERASED}} class="muted"{{/ERASED}}>{{NAME}}</a></td>
          <td>{{EMAIL}}</td>
          <td>{{PHONE}}</td>
          <td>{{AGE_BAND}}</td>
          <td>{{PLACE}}</td>
          <td>{{SINCE}}</td>
          <td>{{LAST}}</td>
          <td class="number">{{TOTAL}} {{CURRENCY}}</td>
          <td>{{TAGS}}</td>
{{#RESTORE}}
          <td>
            <form class="inline-form" method="post" action="{{BASE}}/clients/{{ID}}/restore">
              <input type="hidden" name="csrf" value="{{CSRF}}">
              <button type="submit" class="button button-small">{{_Restore_}}</button>
            </form>
          </td>
{{/RESTORE}}
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#FIRST}}
    <a href="{{URL}}" rel="first">{{_First_}}</a>
{{/FIRST}}
{{#PREV}}
    <a href="{{URL}}" rel="prev">{{_Previous_}}</a>
{{/PREV}}
{{#NEXT}}
    <a href="{{URL}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
{{#LAST}}
    <a href="{{URL}}" rel="last">{{_Last_}}</a>
{{/LAST}}
  </nav>
{{/PAGER}}
</section>
