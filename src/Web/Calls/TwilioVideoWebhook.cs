using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Grains.Audit;
using Collab.Silo.Calls;
using Twilio.Security;

namespace Collab.Web.Calls;

/// <summary>
/// <c>POST /webhooks/twilio/video</c>: Twilio's room status callbacks (form-encoded, signed over the full URL and the
/// sorted parameters with the account's auth token, <c>X-Twilio-Signature</c>). A missing or wrong signature is
/// refused (403) and logged; a signed one is traced — the room (the call's id), the event, the pseudonymous
/// participant identity and durations, nothing else. Absent (404) unless Twilio Video is configured.
/// </summary>
public static class TwilioVideoWebhook
{
    private static readonly string[] Kept = ["RoomName", "RoomSid", "RoomStatus", "ParticipantIdentity", "ParticipantStatus", "ParticipantDuration", "RoomDuration", "Timestamp"];

    public static void MapTwilioVideoWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost("/" + TwilioVideoOptions.CallbackPath, async (HttpContext http, IServiceProvider services, IAuditTrail audit, TimeProvider clock, ILoggerFactory logs) =>
        {
            if (services.GetService<TwilioVideoOptions>() is not { } options)
            {
                return Results.NotFound();
            }

            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
            var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString());
            var signature = http.Request.Headers["X-Twilio-Signature"].ToString();
            if (signature.Length == 0 || !new RequestValidator(options.AuthToken).Validate(options.StatusCallback.ToString(), parameters, signature))
            {
                logs.CreateLogger(typeof(TwilioVideoWebhook)).LogWarning("Refused a Twilio video callback from {Address}: {Problem}", http.Connection.RemoteIpAddress, signature.Length == 0 ? "unsigned" : "bad signature");
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var room = parameters.GetValueOrDefault("RoomName", "");
            var kind = parameters.GetValueOrDefault("StatusCallbackEvent", "") is { Length: > 0 and <= 40 } named && named.All(c => c is '-' or (>= 'a' and <= 'z')) ? named : "event";
            var detail = JsonSerializer.Serialize(Kept.Where(parameters.ContainsKey).ToDictionary(k => k, k => parameters[k]));
            await audit.RecordAsync(clock, Caller.System("twilio"), AuditCategory.Functional, $"call.twilio.{kind}", "call", room, detail: detail);
            return Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery();
}
