namespace Collab.Web.Account;

public sealed record LoginRequest(string? Email, string? Password);
