namespace Collab.Web.Account;

/// <summary>How colleagues reach the holder; every field replaces the stored one (blank or absent clears it).</summary>
public sealed record ProfileRequest(string? Phone, string? Specialty, string? Address, IReadOnlyList<string>? Places);
