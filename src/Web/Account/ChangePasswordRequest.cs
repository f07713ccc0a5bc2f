namespace Collab.Web.Account;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
