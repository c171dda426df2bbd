using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no load contexts and so no hook for native libraries: a DllImport of
    /// "libSkiaSharp" searches the importing assembly's folder, the application's (powershell.exe's) and the PATH, none
    /// of which holds the right build (x64 and x86 cannot share a folder under one name). So the module loads its own
    /// copy by full path when it is imported; Windows then answers every later LoadLibrary("libSkiaSharp.dll") with
    /// the module already in the process, because it matches loaded DLLs by name before it searches any folder. Unlike
    /// SetDllDirectory this changes nothing for other modules of the session.
    /// </summary>
    internal static class WindowsNativePreload
    {
        /// <summary>The native libraries the module's dependencies import.</summary>
        private static readonly string[] Libraries = { "libSkiaSharp" };

        // LOAD_WITH_ALTERED_SEARCH_PATH: the library's own dependencies are looked for next to it, not next to powershell.exe.
        private const uint LoadWithAlteredSearchPath = 0x00000008;

        public static void Install(string dependencyDirectory)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            foreach (var library in Libraries)
            {
                var path = NativeLibraries.Find(dependencyDirectory, library);

                // A failure here is not fatal: the cmdlets that need the library say so when they first use it.
                if (path is not null && LoadLibraryEx(path, IntPtr.Zero, LoadWithAlteredSearchPath) == IntPtr.Zero)
                {
                    System.Diagnostics.Trace.WriteLine($"Banana: could not load '{path}' (Win32 error {Marshal.GetLastWin32Error()}).");
                }
            }
        }

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "LoadLibraryExW")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        private static extern IntPtr LoadLibraryEx(string fileName, IntPtr reserved, uint flags);
    }
}
