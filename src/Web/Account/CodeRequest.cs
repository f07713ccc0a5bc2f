namespace Collab.Web.Account;

public sealed record CodeRequest(string? Code);
