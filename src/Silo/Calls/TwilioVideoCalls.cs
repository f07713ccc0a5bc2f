using Collab.Contracts.Calls;
using Collab.Grains.Calls;
using Collab.Silo.Notifications;
using Twilio.Exceptions;
using Twilio.Jwt.AccessToken;
using Twilio.Rest.Video.V1;

namespace Collab.Silo.Calls;

/// <summary>
/// Twilio Video (<see cref="IVideoCalls"/>, <c>Video:Twilio:*</c>) through the official SDK: a <c>group</c> room per
/// call named by the call's id (status callbacks to Collab, closed a minute after it empties, never recorded),
/// completed when the last participant leaves; per participant an access token for that room and one pseudonymous
/// identity (the peer id), valid <see cref="TwilioVideoOptions.TokenLifetime"/>.
/// </summary>
public sealed class TwilioVideoCalls(TwilioVideoOptions options, TimeProvider clock) : IVideoCalls
{
    /// <summary>Twilio's code for "a room with this unique name is in progress".</summary>
    private const int RoomExists = 53113;

    private readonly Twilio.Clients.TwilioRestClient _client = TwilioClients.Rest(options.ApiKeySid, options.ApiKeySecret, options.AccountSid, options.BaseAddress);

    public static string RoomName(Guid call) => call.ToString("N");

    public async Task OpenAsync(Guid call, CancellationToken cancellationToken = default)
    {
        var room = new CreateRoomOptions
        {
            UniqueName = RoomName(call),
            Type = RoomResource.RoomTypeEnum.Group,
            StatusCallback = options.StatusCallback,
            StatusCallbackMethod = Twilio.Http.HttpMethod.Post,
            MaxParticipants = CallGrain.MaxParticipants,
            RecordParticipantsOnConnect = false,
            EmptyRoomTimeout = 1,
            UnusedRoomTimeout = 5,
        };
        try
        {
            await RoomResource.CreateAsync(room, _client).WaitAsync(cancellationToken);
        }
        catch (ApiException e) when (e.Code == RoomExists)
        {
            // opened already (a silo restarted the call): join it
        }
    }

    public CallAccess Access(Guid call, string identity)
    {
        var token = new Token(
            options.AccountSid, options.ApiKeySid, options.ApiKeySecret, identity,
            expiration: (clock.GetUtcNow() + TwilioVideoOptions.TokenLifetime).UtcDateTime,
            grants: [new VideoGrant { Room = RoomName(call) }]);
        return new CallAccess(CallAccess.Twilio, [], Room: RoomName(call), Token: token.ToJwt());
    }

    public async Task CloseAsync(Guid call, CancellationToken cancellationToken = default)
    {
        try
        {
            await RoomResource.UpdateAsync(RoomName(call), RoomResource.RoomStatusEnum.Completed, _client).WaitAsync(cancellationToken);
        }
        catch (ApiException e) when (e.Status == 404)
        {
            // ended already (emptied, then closed by Twilio)
        }
    }
}
