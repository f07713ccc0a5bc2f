namespace Collab.Grains.Notifications;

/// <summary>Sends a text message. Same rule: no health data.</summary>
public interface ISmsSender
{
    Task SendAsync(string to, string body, CancellationToken cancellationToken = default);
}
