namespace Collab.Web.Practitioners;

/// <summary>What the administrator tells the user before restricting their account.</summary>
public sealed record RestrictionWarning(string? Reason);
