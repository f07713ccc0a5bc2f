using System.Net;
using System.Security.Cryptography;
using System.Text;
using Collab.Silo.Calls;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.WebTests.Calls;

/// <summary>
/// Twilio's room status callbacks on a platform configured for Twilio Video: signed as Twilio documents it (HMAC-SHA1
/// with the auth token over the full URL and the parameters sorted by name, computed here independently), traced;
/// unsigned or altered, refused.
/// </summary>
public sealed class TwilioVideoWebhookTests : IAsyncLifetime
{
    private const string AuthToken = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private CollabWebFactory _factory = null!;

    public async Task InitializeAsync()
    {
        var folder = Directory.CreateTempSubdirectory("collab-twilio-").FullName;
        File.WriteAllText(Path.Combine(folder, "secret"), "0123456789abcdef0123456789abcdef");
        File.WriteAllText(Path.Combine(folder, "token"), AuthToken);
        _factory = new CollabWebFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Video:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
                ["Video:Twilio:ApiKeySid"] = "SK0123456789abcdef0123456789abcdef",
                ["Video:Twilio:ApiKeySecretFile"] = Path.Combine(folder, "secret"),
                ["Video:Twilio:AuthTokenFile"] = Path.Combine(folder, "token"),
            },
        };
        await ((IAsyncLifetime)_factory).InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();

    [Fact]
    public async Task A_signed_callback_is_traced_and_an_unsigned_or_altered_one_is_refused()
    {
        var url = _factory.Services.GetRequiredService<TwilioVideoOptions>().StatusCallback.ToString();
        var room = Guid.NewGuid().ToString("N");
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["RoomName"] = room,
            ["RoomSid"] = "RM0123456789abcdef0123456789abcdef",
            ["RoomStatus"] = "in-progress",
            ["StatusCallbackEvent"] = "participant-disconnected",
            ["ParticipantIdentity"] = "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            ["ParticipantStatus"] = "disconnected",
            ["ParticipantDuration"] = "734",
            ["Timestamp"] = "2026-12-02T09:12:14.000Z",
        };
        var http = _factory.CreateClient();
        async Task<HttpStatusCode> PostAsync(Dictionary<string, string> body, string? signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/video") { Content = new FormUrlEncodedContent(body) };
            if (signature is not null)
            {
                request.Headers.Add("X-Twilio-Signature", signature);
            }

            return (await http.SendAsync(request)).StatusCode;
        }

        var signed = Sign(url, form);
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(form, null));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(new(form) { ["ParticipantDuration"] = "1" }, signed));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(form, Sign(url + "?x=1", form)));
        Assert.Equal(0L, await _factory.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{room}'"));

        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(form, signed));
        var detail = await _factory.Database.ScalarAsync<string>($"SELECT detail FROM audit_event WHERE object_id = '{room}' AND action = 'call.twilio.participant-disconnected'");
        Assert.Contains("\"ParticipantDuration\":\"734\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountSid", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_terms_page_names_twilio_video_among_the_sub_processors_and_what_it_receives()
    {
        var page = WebUtility.HtmlDecode(await _factory.CreateClient().GetStringAsync("/terms"));

        Assert.Contains("Sous-traitants de cette installation", page, StringComparison.Ordinal);
        Assert.Contains("appels vidéo et audio", page, StringComparison.Ordinal);
        Assert.DoesNotContain("envoi des SMS", page, StringComparison.Ordinal); // SMS are not configured here
    }

    // Twilio's scheme: the URL, then each parameter's name and value, sorted by name; HMAC-SHA1 with the auth token; Base64.
    private static string Sign(string url, Dictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
