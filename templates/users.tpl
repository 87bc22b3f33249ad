{{%AUTOESCAPE context="HTML"}}
{{!-- Users of the current business: search (VALUE_Q), the members
      (ROWS/ROW with STATUS and STATUS_OFF), TOTAL, PAGER with PREV/NEXT
      and their QUERY, open invitations (INVITATIONS/INVITATION with
      REVOKE) and the invitation form (ROLE_OPTION, VALUE_*, ERR_*). --}}
<section>
  <h1>{{_Users_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="filters" method="get" action="{{BASE}}/admin/users">
    <div class="field">
      <label for="q">{{_Name or e-mail contains_}}</label>
      <input type="search" id="q" name="q" value="{{VALUE_Q}}" maxlength="200">
    </div>
    <button type="submit">{{_Search_}}</button>
    <a href="{{BASE}}/admin/users">{{_Show all_}}</a>
  </form>
  <p class="muted">{{TOTAL}}</p>
{{#EMPTY}}
  <p class="muted">{{_No users found._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Name_}}</th>
          <th scope="col">{{_E-mail_}}</th>
          <th scope="col">{{_Role_}}</th>
          <th scope="col">{{_Status_}}</th>
          <th scope="col">{{_Last sign-in (UTC)_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr>
          <td><a href="{{BASE}}/admin/users/{{ID}}">{{NAME}}</a></td>
          <td>{{EMAIL}}</td>
          <td>{{ROLE}}</td>
          <td><span class="badge{{#STATUS_OFF}} badge-off{{/STATUS_OFF}}">{{STATUS}}</span></td>
          <td>{{LAST_LOGIN}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#PREV}}
    <a href="{{BASE}}/admin/users?{{QUERY}}" rel="prev">{{_Previous_}}</a>
{{/PREV}}
    <span>{{PAGE_INFO}}</span>
{{#NEXT}}
    <a href="{{BASE}}/admin/users?{{QUERY}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}

  <h2 id="invitations">{{_Pending invitations_}}</h2>
{{#NO_INVITATIONS}}
  <p class="muted">{{_No invitations are waiting for an answer._}}</p>
{{/NO_INVITATIONS}}
{{#INVITATIONS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_E-mail_}}</th>
          <th scope="col">{{_Name_}}</th>
          <th scope="col">{{_Role_}}</th>
          <th scope="col">{{_Sent (UTC)_}}</th>
          <th scope="col">{{_Expires (UTC)_}}</th>
          <th scope="col"><span class="muted">{{_Actions_}}</span></th>
        </tr>
      </thead>
      <tbody>
{{#INVITATION}}
        <tr>
          <td>{{EMAIL}}</td>
          <td>{{NAME}}</td>
          <td>{{ROLE}}</td>
          <td>{{SENT}}</td>
          <td>{{EXPIRES}}</td>
          <td>
{{#REVOKE}}
            <form class="inline-form" method="post" action="{{BASE}}/admin/invitations/{{INVITATION_ID}}/revoke">
              <input type="hidden" name="csrf" value="{{CSRF}}">
              <button type="submit" class="button button-small button-quiet">{{_Revoke_}}</button>
            </form>
{{/REVOKE}}
          </td>
        </tr>
{{/INVITATION}}
      </tbody>
    </table>
  </div>
{{/INVITATIONS}}

  <h2 id="invite">{{_Invite a person_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/admin/users/invite">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" name="email" value="{{VALUE_EMAIL}}" maxlength="254" required>
{{#ERR_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EMAIL}}
    </div>
    <div class="field">
      <label for="name">{{_Name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200">
      <p class="field-hint">{{_Optional: the person can change it when accepting._}}</p>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="role">{{_Role_}}</label>
      <select id="role" name="role">
{{#ROLE_OPTION}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ROLE_OPTION}}
      </select>
{{#ERR_ROLE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_ROLE}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Send the invitation_}}</button>
    </div>
  </form>
</section>
