namespace Collab.Grains.Notifications;

/// <summary>Sends an email. Messages never carry health data: codes, links and notices only.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default);
}
