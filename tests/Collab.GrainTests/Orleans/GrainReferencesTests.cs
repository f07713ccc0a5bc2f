using Collab.Contracts;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.GrainTests.Orleans;

/// <summary>The references <see cref="GrainReferences"/> makes are the ones Orleans makes: the same grain, interface and proxy.</summary>
public sealed class GrainReferencesTests : ClusterTest
{
    [Fact]
    public void Each_kind_of_key_gives_the_grain_and_interface_Orleans_gives()
    {
        var id = Guid.NewGuid();

        Same(Grains.GetGrain<IPractitionerGrain>(id), Grains.Grain<IPractitionerGrain>(id));
        Same(Grains.GetGrain<IPractitionerKeysGrain>(id), Grains.Grain<IPractitionerKeysGrain>(id)); // same grain, another interface
        Same(Grains.GetGrain<IInboxGrain>(id), Grains.Grain<IInboxGrain>(id)); // same key, another grain
        Same(Grains.GetGrain<ILoginThrottleGrain>("someone@example.org"), Grains.Grain<ILoginThrottleGrain>("someone@example.org"));
        Same(Grains.GetGrain<IOperatorsGrain>(0), Grains.Grain<IOperatorsGrain>(0));
        Assert.NotEqual(Grains.Grain<IPractitionerGrain>(id).GetGrainId(), Grains.Grain<IInboxGrain>(id).GetGrainId());
        Assert.NotEqual(((GrainReference)Grains.Grain<IPractitionerGrain>(id)).InterfaceType, ((GrainReference)Grains.Grain<IPractitionerKeysGrain>(id)).InterfaceType);
    }

    private static void Same<TGrain>(TGrain orleans, TGrain ours)
        where TGrain : IAddressable
    {
        var expected = (GrainReference)(object)orleans;
        var actual = (GrainReference)(object)ours;
        Assert.Equal(expected.GrainId, actual.GrainId);
        Assert.Equal(expected.InterfaceType, actual.InterfaceType);
        Assert.IsType(orleans.GetType(), ours);
    }
}
