using Banana.Engine.Imaging;
using Xunit;

namespace Banana.Engine.Tests.Imaging;

/// <summary>
/// Where the module carries no libSkiaSharp (32-bit Windows, Alpine), SkiaSharp's first use throws from deep in the
/// runtime; those failures, and only those, become ImagingUnavailable. (Tests/PhotoPreparation.Tests.ps1 runs the module
/// without its native libraries end to end.)
/// </summary>
public sealed class NativeImagingTests
{
    [Fact]
    public void A_missing_or_unloadable_native_library_is_recognised_also_inside_a_type_initializer()
    {
        Assert.True(NativeImaging.IsMissing(new DllNotFoundException("libSkiaSharp")));
        Assert.True(NativeImaging.IsMissing(new BadImageFormatException("wrong processor")));
        Assert.True(NativeImaging.IsMissing(new TypeInitializationException("SkiaSharp.SKObject", new DllNotFoundException("libSkiaSharp"))));
        Assert.True(NativeImaging.IsMissing(new TypeInitializationException("SkiaSharp.SKObject", new EntryPointNotFoundException("sk_version"))));
    }

    [Fact]
    public void Other_failures_are_not_taken_for_a_missing_library()
    {
        Assert.False(NativeImaging.IsMissing(null));
        Assert.False(NativeImaging.IsMissing(new IOException("disk")));
        Assert.False(NativeImaging.IsMissing(new TypeInitializationException("Some.Type", new InvalidOperationException("bad state"))));
        Assert.False(NativeImaging.IsMissing(new InvalidOperationException("outer", new DllNotFoundException("inner"))));
    }

    [Fact]
    public void The_refusal_has_its_own_error_id_and_says_which_systems_have_the_library()
    {
        UnusablePhotoException refusal = NativeImaging.Unavailable("/photos/a.jpg", new DllNotFoundException("libSkiaSharp"));

        Assert.Equal("ImagingUnavailable", refusal.ErrorId);
        Assert.Equal("/photos/a.jpg", refusal.Path);
        Assert.Contains("'/photos/a.jpg'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("64-bit", refusal.Message, StringComparison.Ordinal);
        Assert.IsType<DllNotFoundException>(refusal.InnerException);
        Assert.Equal("ImageUndecodable", new UnusablePhotoException("/photos/b.jpg", "cut short").ErrorId);
    }
}
