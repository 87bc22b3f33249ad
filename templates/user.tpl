{{%AUTOESCAPE context="HTML"}}
{{!-- One member of the current business: details, the forms the signed-in
      administrator may use (ROLE_FORM with ROLE_OPTION, SUSPEND_FORM or
      RESTORE_FORM; SELF or OWNER_ONLY instead) and recent audit entries
      about them (AUDIT/AUDIT_ROW). --}}
<section>
  <p><a href="{{BASE}}/admin/users">{{_All users_}}</a></p>
  <h1>{{NAME}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <div class="table-wrap">
    <table>
      <tbody>
        <tr><th scope="row">{{_E-mail_}}</th><td>{{EMAIL}}</td></tr>
        <tr><th scope="row">{{_Role_}}</th><td>{{ROLE}}</td></tr>
        <tr><th scope="row">{{_Status_}}</th><td><span class="badge{{#STATUS_OFF}} badge-off{{/STATUS_OFF}}">{{STATUS}}</span></td></tr>
        <tr><th scope="row">{{_Member since (UTC)_}}</th><td>{{SINCE}}</td></tr>
        <tr><th scope="row">{{_Last sign-in (UTC)_}}</th><td>{{LAST_LOGIN}}</td></tr>
      </tbody>
    </table>
  </div>
{{#SELF}}
  <p class="muted">{{_This is you. You cannot change your own role or suspend yourself._}}</p>
{{/SELF}}
{{#OWNER_ONLY}}
  <p class="muted">{{_Only an owner can change the role of an owner or suspend them._}}</p>
{{/OWNER_ONLY}}
{{#ROLE_FORM}}
  <h2>{{_Change the role_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/admin/users/{{USER_ID}}/role">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="role">{{_Role_}}</label>
      <select id="role" name="role">
{{#ROLE_OPTION}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ROLE_OPTION}}
      </select>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Change the role_}}</button>
    </div>
  </form>
{{/ROLE_FORM}}
{{#SUSPEND_FORM}}
  <h2>{{_Suspend_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/admin/users/{{USER_ID}}/suspend">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p>{{_A suspended person cannot work in this business from their next request on. Their other businesses are not affected._}}</p>
    <div class="field">
      <label><input type="checkbox" name="confirm" value="1" required> {{_Yes, suspend this person in this business_}}</label>
    </div>
    <div class="form-actions">
      <button type="submit" class="button-danger">{{_Suspend_}}</button>
    </div>
  </form>
{{/SUSPEND_FORM}}
{{#RESTORE_FORM}}
  <h2>{{_Restore access_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/admin/users/{{USER_ID}}/restore">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p>{{_This person is suspended in this business._}}</p>
    <div class="form-actions">
      <button type="submit">{{_Restore access_}}</button>
    </div>
  </form>
{{/RESTORE_FORM}}

  <h2>{{_Recent activity_}}</h2>
{{#AUDIT_EMPTY}}
  <p class="muted">{{_No entries._}}</p>
{{/AUDIT_EMPTY}}
{{#AUDIT}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Time (UTC)_}}</th>
          <th scope="col">{{_Who_}}</th>
          <th scope="col">{{_Action_}}</th>
          <th scope="col">{{_Details_}}</th>
        </tr>
      </thead>
      <tbody>
{{#AUDIT_ROW}}
        <tr>
          <td>{{TIME}}</td>
          <td>{{WHO}}</td>
          <td>{{ACTION}}</td>
          <td>{{DETAIL}}</td>
        </tr>
{{/AUDIT_ROW}}
      </tbody>
    </table>
  </div>
{{/AUDIT}}
</section>
