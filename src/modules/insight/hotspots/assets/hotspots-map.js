/*
 * The hotspots map (issue 7 point 2): a progressive enhancement of the table on /insight/hotspots. Served from our
 * own origin after Leaflet; it reads the points from the map container's data attribute (the same figures as the
 * table), and draws one circle per place, sized by its number of events. Each circle is a keyboard-focusable
 * button (Tab to it, Enter or Space opens a popup with the place and its counts). Without a tile server the points
 * sit on a plain background with a scale. No HTML is built from data: popups are made of text nodes.
 */
/* global L, document */
;(function () {
  'use strict'
  var section = document.getElementById('hotspots-map-section')
  var container = document.getElementById('hotspots-map')
  if (!section || !container || typeof L === 'undefined') return
  var points
  try {
    points = JSON.parse(container.getAttribute('data-points') || '[]')
  } catch (e) {
    return
  }
  if (!Array.isArray(points) || points.length === 0) return

  var COLOURS = { found: '#1d70b8', 'missing-to': '#4c2c92', concern: '#f47738' }
  section.hidden = false
  container.style.height = '30rem'
  container.style.border = '1px solid #b1b4b6'

  var map = L.map(container, { scrollWheelZoom: false, keyboard: true, attributionControl: true })
  var tileUrl = container.getAttribute('data-tile-url')
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: container.getAttribute('data-attribution') || '', maxZoom: 18 }).addTo(map)
  } else {
    container.style.background = '#f3f2f1'
  }
  L.control.scale({ imperial: false }).addTo(map)

  // The view first: Leaflet only draws a marker (and so gives it an element to style) once the map has one.
  var bounds = points.map(function (p) { return [p.latitude, p.longitude] })
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 })

  var most = points.reduce(function (m, p) { return Math.max(m, p.events) }, 1)
  points.forEach(function (p) {
    var size = Math.round(14 + 30 * Math.sqrt(p.events / most))
    var label = p.place + ', ' + p.kindLabel + ': ' + p.events + ' events, ' + p.children + ' children, latest ' + p.latest
    var icon = L.divIcon({ className: 'lantern-hotspot', html: '', iconSize: [size, size] })
    var marker = L.marker([p.latitude, p.longitude], { icon: icon, keyboard: true, title: label, riseOnHover: true }).addTo(map)
    var el = marker.getElement()
    if (el) {
      el.style.borderRadius = '50%'
      el.style.background = COLOURS[p.kind] || '#505a5f'
      el.style.opacity = '0.75'
      el.style.border = '2px solid #0b0c0c'
      el.setAttribute('role', 'button')
      el.setAttribute('tabindex', '0')
      el.setAttribute('aria-label', label)
      // Leaflet opens the popup on Enter itself (keypress); Space, as for any button, does the same here.
      el.addEventListener('keydown', function (event) {
        if (event.key === ' ') {
          event.preventDefault()
          marker.openPopup()
        }
      })
    }
    marker.bindPopup(popupFor(p))
  })

  function popupFor(p) {
    var box = document.createElement('div')
    var title = document.createElement('strong')
    title.appendChild(document.createTextNode(p.place))
    box.appendChild(title)
    var lines = [p.kindLabel, p.events + ' events', p.children + ' children', 'Latest ' + p.latest]
    lines.forEach(function (line) {
      box.appendChild(document.createElement('br'))
      box.appendChild(document.createTextNode(line))
    })
    return box
  }
})()
