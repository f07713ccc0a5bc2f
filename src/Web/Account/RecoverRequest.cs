namespace Collab.Web.Account;

public sealed record RecoverRequest(string? Email, string? RecoveryCode, string? NewPassword);
