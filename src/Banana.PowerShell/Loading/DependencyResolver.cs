using System.IO;
using System.Runtime.CompilerServices;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// Chooses how private dependencies are found: an isolated load context on PowerShell 7 (.NET), a resolve
    /// hook on Windows PowerShell 5.1 (.NET Framework, which has no load contexts).
    /// </summary>
    internal static class DependencyResolver
    {
        private static readonly object Gate = new object();
        private static bool installed;

        /// <summary>The folder next to Banana.PowerShell.dll that holds Banana.Engine, Banana.Client and their dependencies.</summary>
        internal static string DependencyDirectory { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? string.Empty, "Dependencies");

        private static bool RunsOnDotNetCore => typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

        public static void Install()
        {
            lock (Gate)
            {
                if (installed)
                {
                    return;
                }

                if (RunsOnDotNetCore)
                {
                    InstallLoadContext();
                }
                else
                {
                    FrameworkDependencyHook.Install(DependencyDirectory);
                    WindowsNativePreload.Install(DependencyDirectory);
                }

                installed = true;
            }
        }

        public static void Uninstall()
        {
            lock (Gate)
            {
                if (!installed)
                {
                    return;
                }

                if (RunsOnDotNetCore)
                {
                    UninstallLoadContext();
                }
                else
                {
                    FrameworkDependencyHook.Uninstall();
                }

                installed = false;
            }
        }

        // Separate, never-inlined methods: .NET Framework has no System.Runtime.Loader, so the JIT must never
        // compile a method that mentions AssemblyLoadContext there.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void InstallLoadContext() => IsolatedDependencyHook.Install(DependencyDirectory);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void UninstallLoadContext() => IsolatedDependencyHook.Uninstall();
    }
}
