namespace Collab.Web.Practitioners;

public sealed record EscrowResetRequest(string? TemporaryPassword);
