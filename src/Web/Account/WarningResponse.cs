namespace Collab.Web.Account;

/// <summary>A rule that did not stop the request but deserves a look.</summary>
public sealed record WarningResponse(string Field, string Rule);
