using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Collab.Grains.Notifications;

namespace Collab.Silo.Notifications;

/// <summary>
/// The production SMS adapter: Twilio Programmable Messaging over its REST API (POST
/// /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body, HTTP Basic with the
/// Account SID and auth token). The official client is not available here; this is the whole of it.
/// </summary>
public sealed class TwilioSmsSender(HttpClient http, TwilioOptions options) : ISmsSender
{
    public async Task SendAsync(string to, string body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseAddress, $"2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid)}/Messages.json"))
        {
            // A Messaging Service SID (MG…) picks the sender itself; otherwise From is the sending number.
            Content = new FormUrlEncodedContent([
                new("To", to),
                new(options.From.StartsWith("MG", StringComparison.Ordinal) ? "MessagingServiceSid" : "From", options.From),
                new("Body", body)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}
        int? code = null;
        var reason = response.ReasonPhrase ?? "no reason given";
        try
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (error.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number)
            {
                code = c.GetInt32();
            }

            if (error.RootElement.TryGetProperty("message", out var m) && m.GetString() is { } message)
            {
                reason = message;
            }
        }
        catch (JsonException)
        {
            // not JSON: keep the status line
        }

        throw new SmsDeliveryException(code, (int)response.StatusCode, reason);
    }
}
