namespace Collab.Web.Account;

/// <summary>A new recovery code replaces the one used: shown this once.</summary>
public sealed record RecoveredResponse(string RecoveryCode);
