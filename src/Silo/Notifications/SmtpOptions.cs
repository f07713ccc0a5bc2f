namespace Collab.Silo.Notifications;

/// <summary>Settings under <c>Email:Smtp:</c>; the SMTP adapter is used when <see cref="Host"/> is set.</summary>
public sealed record SmtpOptions(string Host, int Port, string? Username, string? Password, string From, bool StartTls);
