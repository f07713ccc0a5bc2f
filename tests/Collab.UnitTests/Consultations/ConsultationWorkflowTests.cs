using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Grains.Consultations;
using static Collab.Contracts.Consultations.ConsultationAction;
using static Collab.Contracts.Consultations.ConsultationRole;
using static Collab.Contracts.Consultations.ConsultationStatus;

namespace Collab.UnitTests.Consultations;

public sealed class ConsultationWorkflowTests
{
    [Fact]
    public void The_usual_path_goes_from_draft_to_closed()
    {
        var status = Draft;

        status = ConsultationWorkflow.Next(status, Send, Requester);
        status = ConsultationWorkflow.Next(status, Accept, Required);
        status = ConsultationWorkflow.Next(status, Answer, Accepter);
        status = ConsultationWorkflow.Next(status, Close, Requester);

        Assert.Equal(Closed, status);
        Assert.True(ConsultationWorkflow.IsFinal(status));
    }

    public static TheoryData<ConsultationStatus, ConsultationAction, ConsultationRole, ConsultationStatus> Allowed => new()
    {
        { Requested, Decline, Required, Declined },
        { Accepted, Decline, Accepter, Declined },
        { Draft, Cancel, Requester, Cancelled },
        { Requested, Cancel, Requester, Cancelled },
        { Answered, Close, Accepter, Closed },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Declining_cancelling_and_closing_follow_their_rules(ConsultationStatus from, ConsultationAction action, ConsultationRole role, ConsultationStatus to) =>
        Assert.Equal(to, ConsultationWorkflow.Next(from, action, role));

    public static TheoryData<ConsultationStatus, ConsultationAction, ConsultationRole, DomainErrorCode> Refused => new()
    {
        { Draft, Accept, Required, DomainErrorCode.Conflict },        // not sent yet
        { Requested, Answer, Accepter, DomainErrorCode.Conflict },    // not accepted yet
        { Closed, Send, Requester, DomainErrorCode.Conflict },        // final
        { Declined, Accept, Required, DomainErrorCode.Conflict },     // final
        { Answered, Cancel, Requester, DomainErrorCode.Conflict },    // too late to withdraw
        { Requested, Accept, Requester, DomainErrorCode.Forbidden },  // one cannot answer one's own request
        { Accepted, Answer, Required, DomainErrorCode.Forbidden },    // another group member: only the accepter answers
        { Requested, Accept, None, DomainErrorCode.Forbidden },       // not a participant
        { Draft, Send, Required, DomainErrorCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Illegal_transitions_are_typed_errors(ConsultationStatus from, ConsultationAction action, ConsultationRole role, DomainErrorCode code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => ConsultationWorkflow.Next(from, action, role)).Code);

    [Fact]
    public void The_actions_offered_depend_on_status_and_role()
    {
        Assert.Equal([Send, Cancel], ConsultationWorkflow.Available(Draft, Requester));
        Assert.Equal([Accept, Decline], ConsultationWorkflow.Available(Requested, Required));
        Assert.Equal([Answer, Decline], ConsultationWorkflow.Available(Accepted, Accepter));
        Assert.Empty(ConsultationWorkflow.Available(Closed, Requester));
        Assert.Empty(ConsultationWorkflow.Available(Requested, None));
    }

    [Fact]
    public void The_conflict_message_names_the_status_and_the_action()
    {
        var error = Assert.Throws<DomainException>(() => ConsultationWorkflow.Next(Closed, Accept, Required));

        Assert.Equal("A Closed consultation cannot be accepted.", error.Message);
    }
}
