namespace Collab.Web.Account;

/// <summary>An email address, and the code sent to it (for <c>/account/email/confirm</c>; the address only when nobody is logged in).</summary>
public sealed record EmailRequest(string? Email, string? Code = null);
