namespace Collab.Web.Account;

public sealed record ReauthenticateRequest(string? Password);
