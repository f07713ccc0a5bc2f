using Collab.Grains.Notifications;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Collab.Silo.Notifications;

/// <summary>
/// The production SMS adapter: Twilio Programmable Messaging through the official SDK (<see cref="MessageResource"/>,
/// over <see cref="TwilioClients.Rest"/>). Twilio's refusals become an <see cref="SmsDeliveryException"/> with its
/// code and reason, never the message's text.
/// </summary>
public sealed class TwilioSmsSender(TwilioOptions options) : ISmsSender
{
    private readonly Twilio.Clients.TwilioRestClient _client = TwilioClients.Rest(options.AccountSid, options.AuthToken, options.AccountSid, options.BaseAddress);

    public async Task SendAsync(string to, string body, CancellationToken cancellationToken = default)
    {
        // A Messaging Service SID (MG…) picks the sender itself; otherwise From is the sending number.
        var message = new CreateMessageOptions(new PhoneNumber(to)) { Body = body };
        if (options.From.StartsWith("MG", StringComparison.Ordinal))
        {
            message.MessagingServiceSid = options.From;
        }
        else
        {
            message.From = new PhoneNumber(options.From);
        }

        try
        {
            await MessageResource.CreateAsync(message, _client).WaitAsync(cancellationToken);
        }
        catch (ApiException e) when (e.Code != 0)
        {
            throw new SmsDeliveryException(e.Code, e.Status, e.Message);
        }
        catch (ApiException e)
        {
            // No Twilio JSON ("Api Error: BadGateway - <html>…"): the status it names, not the page.
            var named = e.Message.StartsWith(NoJson, StringComparison.Ordinal) ? e.Message[NoJson.Length..].Split(' ', 2)[0] : "";
            var status = Enum.TryParse<System.Net.HttpStatusCode>(named, out var parsed) ? parsed : 0;
            throw new SmsDeliveryException(null, (int)status, status == 0 ? "no answer Twilio explains" : status.ToString());
        }
    }

    private const string NoJson = "Api Error: ";
}
