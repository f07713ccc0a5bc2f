using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Notifications;
using Collab.Grains.Retention;

namespace Collab.Grains.Practitioners;

/// <summary>Account deletion: the user's right to erasure, and a structure's end of contract.</summary>
public sealed partial class PractitionerGrain : IPractitionerDeletionGrain
{
    public async Task<AccountDeletion> DeleteAccount(Caller caller)
    {
        var profile = Profile;
        var byHolder = caller.PractitionerId == Id.Value;
        if (!byHolder)
        {
            await AccessRules.RequireOperator(GrainFactory, caller, "delete another practitioner's account");
        }

        if (profile.Status == AccountStatus.Deleted)
        {
            return new AccountDeletion(0, 0, 0, []);
        }

        var system = Caller.System("account-deletion");
        if (byHolder)
        {
            foreach (var group in _state.State.Groups)
            {
                var members = await GrainFactory.Grain<IGroupGrain>(group).GetConfirmedMembers();
                if (members.Count == 1 && members[0] == Id)
                {
                    var name = (await GrainFactory.Grain<IGroupGrain>(group).GetInfo()).Name;
                    throw new DomainException(DomainErrorCode.Conflict, $"You are the last member holding the keys of group « {name} »: confirm another member first, or its history becomes unreadable.");
                }
            }
        }

        int destroyed = 0, kept = 0, left = 0;
        foreach (var entry in await GrainFactory.Grain<IInboxGrain>(Id.Value).ListAll(system))
        {
            var outcome = await GrainFactory.Grain<IConsultationGrain>(entry.Consultation).ForgetParticipant(Id.Value, system);
            if (outcome.Erased)
            {
                destroyed++;
            }
            else
            {
                kept++;
            }
        }

        foreach (var group in _state.State.Groups.ToList())
        {
            try
            {
                await GrainFactory.Grain<IGroupGrain>(group).Remove(Id, system);
                left++;
            }
            catch (DomainException e) when (e.Code is DomainErrorCode.Conflict or DomainErrorCode.NotFound)
            {
                // The last key holder of a group of a structure whose contract ends: the group goes with it.
            }
        }

        var keyIds = new List<string>();
        if (_state.State.Keys is { } keys)
        {
            keyIds.Add(DeletionCertificate.KeyId($"practitioner:{Id}:password-wrap", keys.PasswordWrapped));
            keyIds.Add(DeletionCertificate.KeyId($"practitioner:{Id}:recovery-wrap", keys.RecoveryWrapped));
            if (keys.EscrowSealed is { } escrow)
            {
                keyIds.Add(DeletionCertificate.KeyId($"practitioner:{Id}:escrow", escrow));
            }
        }

        // What others keep needs the author's name and professional identity; nothing else stays.
        _state.State.Profile = profile with { Email = $"deleted+{Id}@invalid", Phone = null, Address = null, Places = null, Status = AccountStatus.Deleted, RedListed = true };
        _state.State.Keys = null;
        var document = TakeIdentityDocument();
        _state.State.Login = new();
        _state.State.Groups.Clear();
        _state.State.Flags.Clear();
        _state.State.SmsNotifications = false;
        _state.State.RestrictionWarnedAt = null;
        var result = new AccountDeletion(destroyed, kept, left, keyIds);
        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, caller, AuditCategory.Functional, "practitioner.delete", ObjectType, Id.ToString(),
            detail: JsonSerializer.Serialize(new { consultationsDestroyed = destroyed, consultationsKeptByOthers = kept, groupsLeft = left, keys = keyIds.Count })), _logger);
        await _directory.RemoveAsync(Id.Value);
        await ShredAsync(document);
        if (_state.State.IsOperator)
        {
            await GrainFactory.Grain<IOperatorsGrain>(0).Remove(Id, Caller.System("account deletion"));
        }

        await EndSessionsAsync("account deleted");
        if (await this.GetReminder(InactivityReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await _email.SendAsync(profile, "Deleted", destroyed, kept);
        return result;
    }
}
