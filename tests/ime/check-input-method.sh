#!/usr/bin/env bash
# A check with a real Vietnamese input method, outside `cargo test` (it needs
# Debian's ibus-unikey or fcitx5-unikey, Xvfb, xdotool and a release build):
#
#   apt-get install ibus ibus-unikey fcitx5 fcitx5-unikey dbus-x11 xvfb xdotool imagemagick
#   cargo build --release
#   tests/ime/check-input-method.sh ibus enter     # or: ibus click, fcitx5 enter, fcitx5 click
#
# In a 1366×768 virtual screen with the input method's Unikey (Telex), it opens the sample,
# types "Vieetj Nam" into a new facility's name, and either presses Enter
# (scenario "enter") or clicks the next field, types "Lan" and clicks "Lưu"
# (scenario "click"); then reads the newest facility back from the workbook.
# Exit 0 when the name saved is "Việt Nam". Positions are those of the
# window at that size; screenshots are left in $OUT for a look.
set -u
im=${1:-ibus}
scenario=${2:-enter}
OUT=${OUT:-/tmp/khuyencong-ime}
rm -rf "$OUT"; mkdir -p "$OUT"
cd "$(dirname "$0")/../.."
export DISPLAY=:77
Xvfb :77 -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
eval "$(dbus-launch --sh-syntax)"
export HOME="$OUT/home"; mkdir -p "$HOME"
if [ "$im" = fcitx5 ]; then
  # Unikey in the default group, as an officer sets it up.
  mkdir -p "$HOME/.config/fcitx5"
  printf '%s\n' '[Groups/0]' 'Name=Default' 'Default Layout=us' 'DefaultIM=unikey' \
    '[Groups/0/Items/0]' 'Name=keyboard-us' 'Layout=' '[Groups/0/Items/1]' 'Name=unikey' 'Layout=' \
    '[GroupOrder]' '0=Default' >"$HOME/.config/fcitx5/profile"
  # FCITX_XIM_ON_THE_SPOT=True: the word being composed is shown in the field
  # (and so known to the program); fcitx5's default keeps it in its own window.
  mkdir -p "$HOME/.config/fcitx5/conf"
  echo "UseOnTheSpot=${FCITX_XIM_ON_THE_SPOT:-False}" >"$HOME/.config/fcitx5/conf/xim.conf"
  export XMODIFIERS=@im=fcitx GTK_IM_MODULE=fcitx
  fcitx5 -d --replace >"$OUT/im.log" 2>&1
else
  export XMODIFIERS=@im=ibus GTK_IM_MODULE=ibus
  ibus-daemon --xim --daemonize --replace 2>"$OUT/im.log"
fi
sleep 3
KHUYENCONG_IME_LOG=1 KHUYENCONG_HOME="$OUT/kc" LIBGL_ALWAYS_SOFTWARE=1 target/release/khuyencong --sample >"$OUT/app.log" 2>&1 &
app=$!
sleep 6
win=$(xdotool search --onlyvisible --pid $app | head -1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1366 768; sleep 1
xdotool mousemove 60 84 click 1; sleep 1        # Cơ sở
xdotool mousemove 218 83 click 1; sleep 2       # Thêm mới
xdotool windowfocus "$win"; xdotool mousemove 655 97 click 1; sleep 1   # Tên cơ sở *
if [ "$im" = fcitx5 ]; then xdotool key ctrl+space; sleep 1; fcitx5-remote -s unikey; else ibus engine Unikey; fi
sleep 1
xdotool type --delay 120 "Vieetj Nam"; sleep 1
import -window root "$OUT/typed.png"
if [ "$scenario" = click ]; then
  xdotool mousemove 655 193 click 1; sleep 1    # Người đại diện
  xdotool type --delay 120 "Lan"; sleep 1
  import -window root "$OUT/clicked.png"
  xdotool mousemove 384 429 click 1; sleep 2    # Lưu
else
  xdotool key Return; sleep 2
fi
import -window root "$OUT/after.png"
kill $app; sleep 1
if [ "$im" = fcitx5 ]; then fcitx5-remote -e 2>/dev/null; pkill -f "fcitx5 -d" 2>/dev/null; else ibus exit 2>/dev/null; fi
db=$(ls -t "$OUT"/kc/data/mau/*.db | head -1)
name=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT name FROM facilities ORDER BY rowid DESC LIMIT 1').fetchone()[0])" "$db")
echo "saved: $name"
[ "$name" = "Việt Nam" ]
