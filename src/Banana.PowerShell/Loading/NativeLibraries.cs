using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// Where the module keeps native libraries (SkiaSharp's libSkiaSharp): <c>runtimes/&lt;rid&gt;/native/</c>, the layout
    /// NuGet packages use, one folder per operating system and processor. The module has it once at its root, shared by
    /// its two builds (<c>bin/desktop</c> and <c>bin/core/&lt;platform&gt;</c>); a folder of assemblies built alone (the
    /// tests') has it beside them, in <c>Dependencies/</c>. PowerShell knows nothing of that layout (it reads no
    /// deps.json for a module), so the loaders ask here for the file that fits this process.
    /// </summary>
    internal static class NativeLibraries
    {
        // The module's root is at most four folders above Dependencies/ (bin/core/<platform>/Dependencies).
        private const int FoldersUpToModuleRoot = 4;

        /// <summary>The candidate files for <paramref name="name"/> ("libSkiaSharp" or "libSkiaSharp.so"), best first.</summary>
        public static IEnumerable<string> Candidates(string dependencyDirectory, string name)
        {
            foreach (var runtimes in RuntimesFolders(dependencyDirectory))
            {
                foreach (var rid in RuntimeIdentifiers())
                {
                    var folder = Path.Combine(runtimes, rid, "native");
                    foreach (var file in FileNames(name))
                    {
                        yield return Path.Combine(folder, file);
                    }
                }
            }
        }

        /// <summary><c>Dependencies/runtimes</c>, then the nearest <c>runtimes</c> folder above it, up to the module's root.</summary>
        private static IEnumerable<string> RuntimesFolders(string dependencyDirectory)
        {
            yield return Path.Combine(dependencyDirectory, "runtimes");
            var folder = Path.GetDirectoryName(Path.GetFullPath(dependencyDirectory));
            for (var up = 0; up < FoldersUpToModuleRoot && !string.IsNullOrEmpty(folder); up++)
            {
                var runtimes = Path.Combine(folder!, "runtimes");
                if (Directory.Exists(runtimes))
                {
                    yield return runtimes;
                    yield break;
                }

                folder = Path.GetDirectoryName(folder!);
            }
        }

        /// <summary>The first existing candidate, or null.</summary>
        public static string? Find(string dependencyDirectory, string name)
        {
            foreach (var candidate in Candidates(dependencyDirectory, name))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>This process's runtime identifiers, most specific first: win-x64; linux-musl-arm64, linux-arm64; osx-arm64, osx.</summary>
        internal static IEnumerable<string> RuntimeIdentifiers()
        {
            var architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.X86 => "x86",
                Architecture.Arm64 => "arm64",
                Architecture.Arm => "arm",
                var other => other.ToString().ToLowerInvariant(),
            };

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                yield return "win-" + architecture;
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                yield return "osx-" + architecture;
                yield return "osx";
            }
            else
            {
                // Alpine and other musl systems cannot load a glibc build, and the reverse: the C library decides.
                if (IsMusl())
                {
                    yield return "linux-musl-" + architecture;
                }

                yield return "linux-" + architecture;
            }
        }

        private static IEnumerable<string> FileNames(string name)
        {
            yield return name;
            var (prefix, extension) =
                RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? (string.Empty, ".dll")
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? ("lib", ".dylib")
                : ("lib", ".so");
            if (!name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                yield return name + extension;
                if (prefix.Length > 0 && !name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return prefix + name + extension;
                }
            }
        }

        private static bool IsMusl()
        {
            try
            {
                return Directory.Exists("/lib") && Directory.GetFiles("/lib", "ld-musl-*").Length > 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
