using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Collab.Contracts.Calls;
using Collab.Silo.Calls;
using Collab.UnitTests.Notifications;
using Microsoft.Extensions.Time.Testing;
using Twilio.Exceptions;

namespace Collab.UnitTests.Calls;

/// <summary>
/// The Twilio Video adapter through the official SDK, against a loopback server answering as Twilio: the room requests as the REST API
/// documents them (Rooms create and update), Twilio's answers and errors, and the access token's claims, decoded and
/// checked. The same adapter talks to the real service when <c>Video:Twilio:*</c> is configured.
/// </summary>
public sealed class TwilioVideoCallsTests
{
    private const string Account = "AC0123456789abcdef0123456789abcdef";
    private const string Key = "SK0123456789abcdef0123456789abcdef";
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly Guid Call = Guid.Parse("6f1c1a52-3b0e-4a57-9d55-1f8f2a9f0c11");
    private static TwilioVideoOptions Options(Uri baseAddress) => new(Account, Key, Secret, "auth-token", new Uri("https://collab.hopital.example/webhooks/twilio/video"), baseAddress);

    [Fact]
    public async Task A_call_opens_a_group_room_named_by_the_call_with_callbacks_and_no_recording()
    {
        await using var twilio = await LoopbackTwilio.StartAsync(HttpStatusCode.Created, """{"sid": "RM0123456789abcdef0123456789abcdef", "unique_name": "6f1c1a523b0e4a579d551f8f2a9f0c11", "status": "in-progress", "type": "group"}""");

        await new TwilioVideoCalls(Options(twilio.Url), new FakeTimeProvider()).OpenAsync(Call);

        var request = Assert.Single(twilio.Requests);
        Assert.Equal("POST /v1/Rooms", $"{request.Method} {request.Path}");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Key}:{Secret}")), request.Authorization);
        var form = twilio.Form();
        Assert.Equal("6f1c1a523b0e4a579d551f8f2a9f0c11", form["UniqueName"]);
        Assert.Equal("group", form["Type"]);
        Assert.Equal("https://collab.hopital.example/webhooks/twilio/video", form["StatusCallback"]);
        Assert.Equal("POST", form["StatusCallbackMethod"]);
        Assert.Equal("false", form["RecordParticipantsOnConnect"]);
        Assert.Equal("4", form["MaxParticipants"]);
        Assert.Equal("1", form["EmptyRoomTimeout"]);
    }

    [Fact]
    public async Task A_room_in_progress_already_is_joined_and_other_refusals_are_raised()
    {
        await using var twilio = await LoopbackTwilio.StartAsync(HttpStatusCode.BadRequest, """{"code": 53113, "message": "Room exists", "more_info": "https://www.twilio.com/docs/errors/53113", "status": 400}""");
        await new TwilioVideoCalls(Options(twilio.Url), new FakeTimeProvider()).OpenAsync(Call);

        (twilio.Status, twilio.Answer) = (HttpStatusCode.Unauthorized, """{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""");
        var error = await Assert.ThrowsAsync<ApiException>(() => new TwilioVideoCalls(Options(twilio.Url), new FakeTimeProvider()).OpenAsync(Call));
        Assert.Equal(20003, error.Code);
    }

    [Fact]
    public async Task The_last_one_out_completes_the_room_and_a_room_gone_already_is_fine()
    {
        await using var twilio = await LoopbackTwilio.StartAsync(HttpStatusCode.OK, """{"sid": "RM0123456789abcdef0123456789abcdef", "status": "completed"}""");
        await new TwilioVideoCalls(Options(twilio.Url), new FakeTimeProvider()).CloseAsync(Call);

        var request = Assert.Single(twilio.Requests);
        Assert.Equal("POST /v1/Rooms/6f1c1a523b0e4a579d551f8f2a9f0c11", $"{request.Method} {request.Path}");
        Assert.Equal("completed", twilio.Form()["Status"]);

        (twilio.Status, twilio.Answer) = (HttpStatusCode.NotFound, """{"code": 20404, "message": "The requested resource was not found", "status": 404}""");
        await new TwilioVideoCalls(Options(twilio.Url), new FakeTimeProvider()).CloseAsync(Call);
    }

    [Fact]
    public void A_token_grants_one_room_to_one_pseudonymous_identity_for_ten_minutes_signed_with_the_api_key()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var access = new TwilioVideoCalls(Options(TwilioVideoOptions.DefaultBaseAddress), clock).Access(Call, "a1b2c3d4e5f60718293a4b5c6d7e8f90");

        Assert.Equal(CallAccess.Twilio, access.Adapter);
        Assert.Equal("6f1c1a523b0e4a579d551f8f2a9f0c11", access.Room);
        var parts = access.Token!.Split('.');
        var header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
        var claims = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("twilio-fpa;v=1", header.GetProperty("cty").GetString());
        Assert.Equal(Key, claims.GetProperty("iss").GetString());
        Assert.Equal(Account, claims.GetProperty("sub").GetString());
        Assert.Equal(clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        var grants = claims.GetProperty("grants");
        Assert.Equal("a1b2c3d4e5f60718293a4b5c6d7e8f90", grants.GetProperty("identity").GetString());
        Assert.Equal("6f1c1a523b0e4a579d551f8f2a9f0c11", grants.GetProperty("video").GetProperty("room").GetString());
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        Assert.Equal(signature, Base64Url(parts[2]));
    }

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4));
}
