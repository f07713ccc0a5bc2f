namespace Collab.Grains.Notifications;

/// <summary>Sends an email. Messages never carry health data: codes, links and notices only.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default);
}

/// <summary>Sends a text message. Same rule: no health data.</summary>
public interface ISmsSender
{
    Task SendAsync(string to, string body, CancellationToken cancellationToken = default);
}
